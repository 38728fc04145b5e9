"""loop.time(), time.monotonic() and time.perf_counter() agree on how long sleeps took."""

import asyncio
import time


async def main() -> None:
    loop = asyncio.get_running_loop()
    marks = (loop.time(), time.monotonic(), time.perf_counter())
    await asyncio.sleep(0.3)
    elapsed = (loop.time() - marks[0], time.monotonic() - marks[1], time.perf_counter() - marks[2])
    print("after sleep(0.3):", [f"{e:.1f}" for e in elapsed])

    await asyncio.gather(asyncio.sleep(0.2), asyncio.sleep(0.4))
    total = time.perf_counter() - marks[2]
    print(f"after gather of 0.2 and 0.4: {total:.1f}")

    t0 = time.monotonic_ns()
    await asyncio.sleep(0.1)
    print("monotonic_ns advanced by at least 0.1 s:", time.monotonic_ns() - t0 >= 100_000_000)


asyncio.run(main())
