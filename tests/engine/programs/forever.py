"""Ticks forever: only a time limit stops it."""

import asyncio


async def main() -> None:
    while True:
        await asyncio.sleep(1)


asyncio.run(main())
