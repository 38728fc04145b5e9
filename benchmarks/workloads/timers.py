"""10,000 tasks x 10 short timers."""
import asyncio


async def worker(i: int) -> None:
    for k in range(10):
        await asyncio.sleep(0.0001 * ((i + k) % 7))


async def main() -> None:
    await asyncio.gather(*(worker(i) for i in range(10_000)))


asyncio.run(main())
