"""Kills itself with SIGKILL after one switch: the debuggee dies without saying goodbye."""

import asyncio
import os
import signal


async def main():
    await asyncio.sleep(1)
    os.kill(os.getpid(), signal.SIGKILL)


asyncio.run(main())
