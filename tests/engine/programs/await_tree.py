"""Tasks awaiting tasks: a gather, a TaskGroup, wait_for and shield, all waiting at once."""

import asyncio


async def leaf(delay: float) -> None:
    await asyncio.sleep(delay)


async def group_owner() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(leaf(3), name="in-group-1")
        group.create_task(leaf(4), name="in-group-2")


async def guarded() -> None:
    inner = asyncio.create_task(leaf(5), name="shielded")
    await asyncio.shield(inner)


async def timed() -> None:
    await asyncio.wait_for(asyncio.create_task(leaf(2), name="timed-inner"), timeout=10)


async def watch(task: asyncio.Task[None]) -> None:
    await task


async def main() -> None:
    waited = asyncio.create_task(leaf(6), name="awaited")
    watcher = asyncio.create_task(watch(waited), name="watcher")
    await asyncio.gather(
        watcher,
        asyncio.create_task(group_owner(), name="owner"),
        asyncio.create_task(guarded(), name="guard"),
        asyncio.create_task(timed(), name="timer"),
        waited,
    )
    print("done")


asyncio.run(main())
