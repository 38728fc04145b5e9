"""A bare asyncio.Future resolved by loop.call_later: result, exception, cancel, callbacks."""

import asyncio


async def main() -> None:
    loop = asyncio.get_running_loop()

    fut = loop.create_future()
    fut.add_done_callback(lambda f: print("callback 1 sees", f.result()))
    fut.add_done_callback(lambda f: print("callback 2 sees", f.result()))
    loop.call_later(0.05, fut.set_result, "hello")
    print("awaiting a pending future, done =", fut.done())
    print("await gave", await fut)
    await asyncio.sleep(0)  # done callbacks are scheduled with call_soon: let them run

    err = loop.create_future()
    loop.call_later(0.02, err.set_exception, KeyError("no such key"))
    try:
        await err
    except KeyError as exc:
        print("await raised KeyError", exc)

    cancelled = loop.create_future()
    loop.call_later(0.02, cancelled.cancel)
    try:
        await cancelled
    except asyncio.CancelledError:
        print("future cancelled by call_later")

    # Setting a result twice is an error.
    twice = loop.create_future()
    twice.set_result(1)
    try:
        twice.set_result(2)
    except asyncio.InvalidStateError:
        print("second set_result: InvalidStateError")

    # call_later guarding against a future that is already done.
    racing = loop.create_future()
    loop.call_later(0.01, racing.set_result, "first")
    loop.call_later(0.03, lambda: racing.done() or racing.set_result("second"))
    print("racing:", await racing)
    await asyncio.sleep(0.05)
    print("racing still:", racing.result())


asyncio.run(main())
