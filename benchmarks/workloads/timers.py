"""10,000 tasks x 10 short timers (tasks divided by $LOOPSCOPE_BENCH_DIVIDE)."""
import asyncio
import os

TASKS = 10_000 // int(os.environ.get("LOOPSCOPE_BENCH_DIVIDE", "1"))


async def worker(i: int) -> None:
    for k in range(10):
        await asyncio.sleep(0.0001 * ((i + k) % 7))
    if i < 0:
        await asyncio.sleep(1)  # never runs: the benchmarks' breakpoint (NEVER)


async def main() -> None:
    await asyncio.gather(*(worker(i) for i in range(TASKS)))


asyncio.run(main())
