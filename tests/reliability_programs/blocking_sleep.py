"""A blocking time.sleep(60) inside a task."""

import asyncio
import time


async def main() -> None:
    print("sleeping for a minute, blocking the loop")
    time.sleep(60)
    print("woke up")


asyncio.run(main())
