"""Writes a file when it runs: a replay of its recording must not (no code runs)."""

import asyncio
import pathlib
import sys


async def main() -> None:
    await asyncio.sleep(0.1)
    pathlib.Path(sys.argv[1]).write_text("ran\n")
    print("marked")


asyncio.run(main())
