"""Future callbacks (order, remove_done_callback, a callback that raises), a custom exception
handler, call_exception_handler with the default handler, and the handler restored."""

import asyncio


def handler(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    exc = context.get("exception")
    print("handler:", context["message"], "|", type(exc).__name__ if exc else None,
          "| keys:", sorted(k for k in context if k != "handle"))


async def main() -> None:
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    calls: list = []
    first = lambda f: calls.append(("first", f.result()))  # noqa: E731
    fut.add_done_callback(first)
    fut.add_done_callback(lambda f: calls.append(("second", f.result())))
    fut.add_done_callback(first)
    print("removed:", fut.remove_done_callback(first))
    fut.set_result(42)
    await asyncio.sleep(0)
    print("callbacks ran:", calls)

    print("default handler in place:", loop.get_exception_handler() is None)
    loop.set_exception_handler(handler)

    def boom() -> None:
        raise ZeroDivisionError("in a callback")

    loop.call_soon(boom)
    await asyncio.sleep(0)
    loop.call_exception_handler({"message": "custom report", "detail": 1})

    bad = loop.create_future()
    bad.add_done_callback(lambda f: 1 / 0)
    bad.set_result(None)
    await asyncio.sleep(0)

    loop.set_exception_handler(None)
    print("back to the default:", loop.get_exception_handler() is None)
    loop.call_exception_handler({"message": "default report on stderr",
                                 "exception": KeyError("k")})
    loop.call_soon(boom)
    await asyncio.sleep(0)

    cancelled = loop.create_future()
    cancelled.add_done_callback(lambda f: print("cancelled callback:", f.cancelled()))
    cancelled.cancel(msg="no longer needed")
    await asyncio.sleep(0)
    try:
        cancelled.result()
    except asyncio.CancelledError as exc:
        print("result() of a cancelled future:", exc.args)

    try:
        fut.set_result(1)
    except asyncio.InvalidStateError as exc:
        print("InvalidStateError:", exc)


asyncio.run(main())
print("exit normally")
