"""Elapsed times around sleeps, call_later and call_at, as loop.time(), time.monotonic(),
perf_counter() and monotonic_ns() see them. Printed as "at least the delay, and less than half a
second more", so the lines hold on a busy machine's real clock and on the virtual clock."""

import asyncio
import time


def about(elapsed: float, delay: float) -> str:
    return f"{delay} s: {'ok' if delay <= elapsed < delay + 0.5 else f'off ({elapsed:.3f})'}"


async def main() -> None:
    loop = asyncio.get_running_loop()
    t0, m0, p0 = loop.time(), time.monotonic(), time.perf_counter()
    await asyncio.sleep(0.3)
    print("loop.time after sleep:", about(loop.time() - t0, 0.3))
    print("monotonic after sleep:", about(time.monotonic() - m0, 0.3))
    print("perf_counter after sleep:", about(time.perf_counter() - p0, 0.3))

    fired: list = []
    start = loop.time()
    loop.call_later(0.2, lambda: fired.append(("later", about(loop.time() - start, 0.2))))
    loop.call_at(start + 0.1, lambda: fired.append(("at", about(loop.time() - start, 0.1))))
    await asyncio.sleep(0.25)
    print("timers:", fired)

    ns0 = time.monotonic_ns()
    await asyncio.sleep(0.1)
    print("monotonic_ns:", about((time.monotonic_ns() - ns0) / 1e9, 0.1))

    deadline = loop.time() + 0.2
    polls = 0
    while loop.time() < deadline:
        await asyncio.sleep(0.05)
        polls += 1
    print("polled until the deadline, at most 4 polls:", polls <= 4)


asyncio.run(main())
