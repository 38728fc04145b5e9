"""The program changes its working directory, then fails: the traceback names its file."""

import asyncio
import os


async def main() -> None:
    os.chdir("/")
    await asyncio.sleep(0.1)
    print("now in", os.getcwd())
    await asyncio.sleep(0.1)
    raise RuntimeError("after chdir")


asyncio.run(main())
