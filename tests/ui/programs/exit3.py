"""Exits with status 3 from inside a coroutine."""

import asyncio
import sys


async def main():
    await asyncio.sleep(1)
    print("leaving with 3", file=sys.stderr)
    sys.exit(3)


asyncio.run(main())
