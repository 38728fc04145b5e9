"""Threads that each run their own event loop, joined in order from the main loop."""

import asyncio
import threading

results: dict[int, int] = {}


async def work(n: int) -> int:
    total = 0
    for i in range(3):
        await asyncio.sleep(0.01)
        total += i * n
    return total


def in_thread(n: int) -> None:
    results[n] = asyncio.run(work(n))


async def main() -> None:
    threads = [threading.Thread(target=in_thread, args=(n,)) for n in range(1, 4)]
    for thread in threads:
        thread.start()
    await asyncio.sleep(0.05)
    for thread in threads:
        await asyncio.to_thread(thread.join)
    print("results:", dict(sorted(results.items())))
    print("main loop result:", await work(10))


asyncio.run(main())
