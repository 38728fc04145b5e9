"""Prints the arguments it was given, from a task: after the script or -m MODULE every
argument is the program's, options included, as with python."""

import asyncio
import sys


async def main():
    print(sys.argv[1:])


asyncio.run(main())
