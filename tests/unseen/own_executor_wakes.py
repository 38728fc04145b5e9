"""A job of the program's own ThreadPoolExecutor (not run_in_executor) wakes the loop with
call_soon_threadsafe, as anyio's from_thread does; the loop must wait for it."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def job(loop, future, value):
    time.sleep(0.05)
    loop.call_soon_threadsafe(future.set_result, value * 2)


async def main():
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for value in (1, 2, 3):
            future = loop.create_future()
            pool.submit(job, loop, future, value)
            print("job answered", await future)
        # An idle pool does not keep the loop waiting: this sleep is virtual under loopscope.
        await asyncio.sleep(5)
        print("slept")


asyncio.run(main())
