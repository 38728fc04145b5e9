"""Reads one line from stdin (a blocking input() call) and prints it back."""

import asyncio


async def main():
    await asyncio.sleep(1)
    line = input()
    print(f"got {line!r}")


asyncio.run(main())
