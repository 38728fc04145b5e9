"""time.sleep inside a coroutine blocks the loop: a due timer fires only after it returns."""

import asyncio
import time


async def sleeper() -> None:
    await asyncio.sleep(0.05)
    print("sleeper: woke up (its timer was due during the blocking call)")


async def blocker() -> None:
    print("blocker: time.sleep(0.2), the loop is stuck")
    time.sleep(0.2)
    print("blocker: back")
    await asyncio.sleep(0)
    print("blocker: yielded once")


async def main() -> None:
    start = time.monotonic()
    await asyncio.gather(sleeper(), blocker())
    print("at least 0.2 s passed:", time.monotonic() - start >= 0.2)


asyncio.run(main())
