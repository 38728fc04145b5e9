"""sys.exit with a message from a coroutine: printed on stderr, status 1."""

import asyncio
import sys


async def main() -> None:
    await asyncio.sleep(0.01)
    print("about to fail")
    sys.exit("fatal: configuration missing")


asyncio.run(main())
