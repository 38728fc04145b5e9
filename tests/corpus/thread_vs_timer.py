"""Worker threads racing loop timers: the order must follow the clock the threads live on.

A thread sleeping 0.1 s (real) finishes before a loop timer of 0.4 s, and a loop timer of
0.05 s fires before a thread sleeping 0.3 s finishes. A virtual clock that jumps to the next
timer while thread work is still pending would get the first race wrong.
"""

import asyncio
import time


def blocking(seconds: float) -> str:
    time.sleep(seconds)
    return f"thread slept {seconds}"


async def timer(seconds: float) -> str:
    await asyncio.sleep(seconds)
    return f"timer of {seconds}"


async def race(thread_seconds: float, timer_seconds: float) -> None:
    order: list = []

    async def run(label_coro) -> None:
        order.append(await label_coro)

    await asyncio.gather(
        run(asyncio.to_thread(blocking, thread_seconds)), run(timer(timer_seconds))
    )
    print(" then ".join(order))


async def main() -> None:
    await race(0.1, 0.4)
    await race(0.3, 0.05)


asyncio.run(main())
