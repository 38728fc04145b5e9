"""Two tasks wait for each other's event: a deadlock."""

import asyncio


async def waiter(mine, theirs):
    await theirs.wait()
    mine.set()


async def main():
    a, b = asyncio.Event(), asyncio.Event()
    await asyncio.gather(
        asyncio.create_task(waiter(a, b), name="Alice"),
        asyncio.create_task(waiter(b, a), name="Bob"),
    )


asyncio.run(main())
