"""asyncio.wait_for timing out: the inner coroutine/task is cancelled, TimeoutError raised."""

import asyncio


async def slow(name: str) -> str:
    print(f"{name}: started")
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise
    return name


async def cleanup_then_finish() -> str:
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("stubborn: got cancelled, cleaning up for a moment")
        await asyncio.sleep(0.02)
        print("stubborn: cleanup done")
        raise
    return "never"


async def main() -> None:
    try:
        await asyncio.wait_for(slow("coro"), timeout=0.05)
    except asyncio.TimeoutError:  # an alias of the builtin TimeoutError since 3.11
        print("main: coro timed out")

    task = asyncio.create_task(slow("task"), name="task")
    try:
        await asyncio.wait_for(task, timeout=0.05)
    except TimeoutError:
        print("main: task timed out, task.cancelled() =", task.cancelled())

    try:
        await asyncio.wait_for(cleanup_then_finish(), timeout=0.05)
    except TimeoutError:
        print("main: wait_for waited for the cleanup before raising")

    # The outer task being cancelled while in wait_for cancels the inner one too.
    outer = asyncio.create_task(asyncio.wait_for(slow("inner"), timeout=5))
    await asyncio.sleep(0.01)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("main: outer cancelled")


asyncio.run(main())
