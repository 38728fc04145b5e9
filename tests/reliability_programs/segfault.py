"""A segfault from inside a task (ctypes reads address 0): exit status 139."""

import asyncio
import ctypes
import faulthandler

faulthandler.disable()


async def main() -> None:
    print("about to crash", flush=True)
    await asyncio.sleep(0.5)
    ctypes.string_at(0)


asyncio.run(main())
