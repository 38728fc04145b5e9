"""Prints what a script sees of how it was started."""

import asyncio
import sys


async def main() -> None:
    print("argv:", sys.argv)
    print("path0:", sys.path[0])
    print("name:", __name__)
    print("file:", __file__)


asyncio.run(main())
