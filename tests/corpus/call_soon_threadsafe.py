"""loop.call_soon_threadsafe from a threading.Thread wakes the loop and resolves a future."""

import asyncio
import threading
import time


def worker(loop: asyncio.AbstractEventLoop, fut: asyncio.Future, log: list) -> None:
    time.sleep(0.1)
    log.append("worker: finished sleeping")
    loop.call_soon_threadsafe(log.append, "callback ran in the loop thread")
    loop.call_soon_threadsafe(fut.set_result, 42)


async def main() -> None:
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    log: list = []
    thread = threading.Thread(target=worker, args=(loop, fut, log), name="worker")
    thread.start()
    print("main: thread started, awaiting the future")
    print("main: future result", await fut)
    thread.join()
    for entry in log:
        print(entry)

    # Several threads reporting back; the order is fixed by joining them one by one.
    results: list = []
    done = asyncio.Event()

    def report(i: int) -> None:
        results.append(i)
        if len(results) == 3:
            done.set()

    for i in range(3):
        t = threading.Thread(target=lambda i=i: loop.call_soon_threadsafe(report, i))
        t.start()
        t.join()
    await done.wait()
    print("main: reports", results)


asyncio.run(main())
