"""Prints $LOOPSCOPE_SOAK_LINES lines (default 10) at every switch, forever: the soak's program."""
import asyncio
import os

LINES = int(os.environ.get("LOOPSCOPE_SOAK_LINES", "10"))


async def printer(name: str) -> None:
    n = 0
    while True:
        for _ in range(LINES):
            n += 1
            print(f"{name} line {n}")
        await asyncio.sleep(0)


async def main() -> None:
    await asyncio.gather(printer("one"), printer("two"))


asyncio.run(main())
