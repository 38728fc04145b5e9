"""Printing to stdout and stderr alternately, from two tasks, across awaits."""

import asyncio
import sys


async def speaker(name: str, stream, count: int) -> None:
    for i in range(count):
        print(f"{name} line {i}", file=stream)
        await asyncio.sleep(0)


async def main() -> None:
    for i in range(3):
        print(f"out {i}")
        print(f"err {i}", file=sys.stderr)
    await asyncio.gather(speaker("stdout-task", sys.stdout, 4), speaker("stderr-task", sys.stderr, 4))
    sys.stdout.write("written with sys.stdout.write\n")
    sys.stderr.write("written with sys.stderr.write\n")
    print("last line", end="!\n")


asyncio.run(main())
