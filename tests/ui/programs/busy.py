"""Many switches: 20 tasks yield with sleep(0) for a long time (continue + pause)."""

import asyncio


async def worker(n):
    for _ in range(10**9):
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(*(worker(n) for n in range(20)))


asyncio.run(main())
