"""Handling CancelledError: cleanup with awaits, suppressing it, cancelling(), uncancel()."""

import asyncio


async def graceful() -> str:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("graceful: cancelled, flushing buffers")
        await asyncio.sleep(0.01)  # awaiting during cleanup is allowed
        print("graceful: flushed, re-raising")
        raise
    return "never"


async def stubborn() -> str:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn: cancelled, but swallows it; cancelling() =",
              asyncio.current_task().cancelling())
        asyncio.current_task().uncancel()
    await asyncio.sleep(0.01)
    print("stubborn: carried on")
    return "survived"


async def double_cancel() -> None:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("double: cancelling() =", asyncio.current_task().cancelling())
        raise


async def main() -> None:
    t = asyncio.create_task(graceful())
    await asyncio.sleep(0)
    t.cancel()
    results = await asyncio.gather(t, return_exceptions=True)
    print("graceful ->", type(results[0]).__name__)

    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    t.cancel()
    print("stubborn ->", await t, "| cancelled() =", t.cancelled())

    t = asyncio.create_task(double_cancel())
    await asyncio.sleep(0)
    t.cancel()
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    print("double -> cancelled() =", t.cancelled())

    # Cancelling the task that is awaiting a child cancels the child as well.
    async def parent() -> None:
        child = asyncio.create_task(graceful())
        try:
            await child
        except asyncio.CancelledError:
            print("parent: cancelled while awaiting child; child.cancelled() =", child.cancelled())
            raise

    p = asyncio.create_task(parent())
    await asyncio.sleep(0.01)
    p.cancel()
    await asyncio.gather(p, return_exceptions=True)
    print("parent ->", p.cancelled())


asyncio.run(main())
