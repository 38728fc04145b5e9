"""1,000 tasks x 2,000 sleep(0): 2,000,000 task switches."""
import asyncio


async def worker(n: int) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def main() -> None:
    await asyncio.gather(*(worker(2000) for _ in range(1000)))


asyncio.run(main())
