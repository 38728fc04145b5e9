"""A 1,000,000-item Queue ping-pong between two tasks (divided by $LOOPSCOPE_BENCH_DIVIDE)."""
import asyncio
import os

N = 1_000_000 // int(os.environ.get("LOOPSCOPE_BENCH_DIVIDE", "1"))


async def ping(a: asyncio.Queue, b: asyncio.Queue) -> None:
    for i in range(N // 2):
        await a.put(i)
        await b.get()
    if N < 0:
        await a.join()  # never runs: the benchmarks' breakpoint (NEVER)


async def pong(a: asyncio.Queue, b: asyncio.Queue) -> None:
    for _ in range(N // 2):
        await a.get()
        await b.put(0)


async def main() -> None:
    a: asyncio.Queue = asyncio.Queue(maxsize=1)
    b: asyncio.Queue = asyncio.Queue(maxsize=1)
    await asyncio.gather(ping(a, b), pong(a, b))


asyncio.run(main())
