"""Three tasks, three locks, each task holds one and wants the next: a deadlock cycle."""

import asyncio


async def worker(mine: asyncio.Lock, theirs: asyncio.Lock, ready: asyncio.Barrier) -> None:
    async with mine:
        await ready.wait()  # everyone holds their own lock now
        async with theirs:
            print("never printed")


async def main() -> None:
    a, b, c = asyncio.Lock(), asyncio.Lock(), asyncio.Lock()
    ready = asyncio.Barrier(3)
    async with asyncio.TaskGroup() as group:
        group.create_task(worker(a, b, ready), name="A")
        group.create_task(worker(b, c, ready), name="B")
        group.create_task(worker(c, a, ready), name="C")


asyncio.run(main())
