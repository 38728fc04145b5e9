"""sys.exit(7) inside a coroutine."""

import asyncio
import sys


async def exiter() -> None:
    await asyncio.sleep(1)
    print("exiting")
    sys.exit(7)


async def main() -> None:
    await asyncio.create_task(exiter(), name="Exiter")


asyncio.run(main())
