"""A coroutine that holds the loop spinning on the CPU until SPIN_UNTIL names a file that exists."""

import asyncio
import os
import time


async def spinner():
    await asyncio.sleep(0)
    release, deadline = os.environ.get("SPIN_UNTIL", ""), time.time() + 60
    while not os.path.exists(release) and time.time() < deadline: pass  # noqa: E701
    print("spun")


async def main():
    await asyncio.create_task(spinner(), name="Spinner")


asyncio.run(main())
