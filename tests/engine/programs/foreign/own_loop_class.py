"""A program running a loop class of its own, built on BaseSelectorEventLoop (not asyncio's
SelectorEventLoop): it runs on real time, as it would; loopscope cannot step it and says so."""

import asyncio
import time
from asyncio.selector_events import BaseSelectorEventLoop


class MyLoop(BaseSelectorEventLoop):
    pass


async def main():
    start = time.monotonic()
    await asyncio.sleep(0.05)
    print("slept 0.05 s by the program's clock:", time.monotonic() - start >= 0.05)
    return type(asyncio.get_running_loop()).__name__


loop = MyLoop()
print(loop.run_until_complete(main()))
loop.close()
