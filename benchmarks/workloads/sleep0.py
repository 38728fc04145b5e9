"""1,000 tasks x 2,000 sleep(0): 2,000,000 task switches (divided by $LOOPSCOPE_BENCH_DIVIDE)."""
import asyncio
import os

DIVIDE = int(os.environ.get("LOOPSCOPE_BENCH_DIVIDE", "1"))


async def worker(n: int) -> None:
    for _ in range(n):
        await asyncio.sleep(0)
    if n < 0:
        await asyncio.sleep(1)  # never runs: the benchmarks' breakpoint (NEVER)


async def main() -> None:
    await asyncio.gather(*(worker(2000 // DIVIDE) for _ in range(1000)))


asyncio.run(main())
