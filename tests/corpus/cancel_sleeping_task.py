"""Cancelling a sleeping task: CancelledError at its await, finally blocks, cancel messages."""

import asyncio


async def sleeper(name: str) -> str:
    print(f"{name}: going to sleep")
    try:
        await asyncio.sleep(10)
    finally:
        print(f"{name}: finally block runs")
    return "unreachable"


async def main() -> None:
    task = asyncio.create_task(sleeper("plain"), name="plain")
    await asyncio.sleep(0.01)
    print("cancel() returned", task.cancel())
    print("done right after cancel()?", task.done())
    try:
        await task
    except asyncio.CancelledError:
        print("awaiting it raised CancelledError; cancelled() =", task.cancelled())
    print("cancel() on a finished task returns", task.cancel())

    task = asyncio.create_task(sleeper("with message"), name="with message")
    await asyncio.sleep(0)
    task.cancel("shutting down")
    try:
        await task
    except asyncio.CancelledError as exc:
        print("message:", exc.args)

    # A task cancelled before it ever ran never starts its coroutine.
    task = asyncio.create_task(sleeper("never started"))
    task.cancel()
    await asyncio.sleep(0)
    print("never started: cancelled() =", task.cancelled())


asyncio.run(main())
