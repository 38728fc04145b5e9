"""A task that never yields: the loop is stuck in one step forever."""

import asyncio


async def spin() -> None:
    await asyncio.sleep(0)
    n = 0
    while True:
        n += 1


async def main() -> None:
    await asyncio.create_task(spin(), name="Spinner")


asyncio.run(main())
