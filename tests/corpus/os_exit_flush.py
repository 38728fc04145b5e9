"""os._exit(3) from a coroutine: no cleanup runs; only output flushed before it survives."""

import asyncio
import os
import sys


async def helper() -> None:
    try:
        await asyncio.sleep(10)
    finally:
        print("helper: finally (never printed: os._exit skips cleanup)")


async def main() -> None:
    asyncio.create_task(helper())
    await asyncio.sleep(0.01)
    print("main: flushed line before os._exit", flush=True)
    sys.stderr.write("main: stderr before os._exit\n")
    sys.stderr.flush()
    os._exit(3)


try:
    asyncio.run(main())
finally:
    print("module: finally (never printed)")
