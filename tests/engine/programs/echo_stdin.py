"""Reads lines from stdin with input()."""

import asyncio


async def main() -> None:
    first = input()
    await asyncio.sleep(1)
    second = input()
    print(f"got {first!r} and {second!r}")


asyncio.run(main())
