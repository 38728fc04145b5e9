"""A coroutine that spins on the CPU for 1.5 real seconds, holding the loop."""

import asyncio
import time


async def spinner():
    await asyncio.sleep(0)
    deadline = time.time() + 1.5
    while time.time() < deadline:
        pass
    print("spun")


async def main():
    await asyncio.create_task(spinner(), name="Spinner")


asyncio.run(main())
