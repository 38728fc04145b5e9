"""A program running uvloop's loop (uvloop.run): its output and status are its own."""

import asyncio
import time

import uvloop


async def main():
    start = time.monotonic()
    await asyncio.sleep(0.05)
    print("slept 0.05 s by the program's clock:", time.monotonic() - start >= 0.05)
    print(type(asyncio.get_running_loop()).__module__.split(".")[0])


uvloop.run(main())
