"""A coroutine calls time.sleep(5): the loop is blocked for five real seconds."""

import asyncio
import time


async def sleeper() -> None:
    await asyncio.sleep(0)
    time.sleep(5)  # blocks the whole loop
    await asyncio.sleep(3600)


async def main() -> None:
    await asyncio.create_task(sleeper(), name="Sleeper")


asyncio.run(main())
