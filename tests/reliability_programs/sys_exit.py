"""sys.exit(7) from inside a task."""

import asyncio
import sys


async def main() -> None:
    print("before exit")
    await asyncio.sleep(1)
    sys.exit(7)


asyncio.run(main())
