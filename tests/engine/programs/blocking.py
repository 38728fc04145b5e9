"""A coroutine that blocks the event loop with time.sleep."""

import asyncio
import time


async def blocker() -> None:
    await asyncio.sleep(1)
    time.sleep(0.4)
    print("blocker done")


async def main() -> None:
    await asyncio.create_task(blocker(), name="Blocker")


asyncio.run(main())
