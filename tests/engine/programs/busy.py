"""A task that computes forever but yields to the loop after every chunk."""

import asyncio


async def busy() -> None:
    n = 0
    while True:
        for _ in range(1000):
            n += 1
        await asyncio.sleep(0)


async def main() -> None:
    await asyncio.create_task(busy(), name="Busy")


asyncio.run(main())
