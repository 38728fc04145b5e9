"""Cancellation: cleanup in finally, a cancel message, cancelling() counts, uncancel, a task that
swallows its cancellation, and cancel() of a task that is already done."""

import asyncio


async def worker(name: str, log: list) -> None:
    try:
        log.append(f"{name} start")
        await asyncio.sleep(10)
    except asyncio.CancelledError as exc:
        log.append(f"{name} cancelled with {exc.args}")
        raise
    finally:
        await asyncio.sleep(0.01)
        log.append(f"{name} cleaned up")


async def swallower() -> str:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        print("swallower: cancelling() =", task.cancelling())
        print("swallower: uncancel() ->", task.uncancel())
        return "kept going"
    return "not reached"


async def main() -> None:
    log: list = []
    task = asyncio.create_task(worker("w1", log))
    await asyncio.sleep(0.01)
    print("cancel() ->", task.cancel("shutting down"))
    print("cancel() again ->", task.cancel())
    try:
        await task
    except asyncio.CancelledError as exc:
        print("awaiting the cancelled task raised CancelledError", exc.args)
    print(log)
    print("cancelled():", task.cancelled(), "cancel() when done ->", task.cancel())

    task = asyncio.create_task(swallower())
    await asyncio.sleep(0)
    task.cancel()
    print("swallower returned:", await task, "cancelled():", task.cancelled())

    # Cancelling the awaiting task cancels the awaited one too.
    inner = asyncio.create_task(worker("inner", log))

    async def outer() -> None:
        await inner

    out = asyncio.create_task(outer())
    await asyncio.sleep(0.01)
    out.cancel()
    results = await asyncio.gather(out, inner, return_exceptions=True)
    print([type(r).__name__ for r in results], log[-2:])

    # A task cancelled before it ever started never runs its body.
    never = asyncio.create_task(worker("never", log))
    never.cancel()
    await asyncio.sleep(0)
    print("never started, cancelled:", never.cancelled(), log[-1])


asyncio.run(main())
