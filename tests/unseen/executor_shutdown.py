"""shutdown_default_executor: asyncio.run waits for a thread job that outlives main(), a
daemon-less thread keeps the process alive until it ends, atexit runs last."""

import asyncio
import atexit
import threading
import time

atexit.register(print, "atexit: last")


def long_job(log: list) -> None:
    time.sleep(0.2)
    log.append("long job finished")
    print("long job finished (thread)")


def straggler() -> None:
    time.sleep(0.1)
    print("straggler thread done")


async def main(log: list) -> None:
    loop = asyncio.get_running_loop()
    loop.run_in_executor(None, long_job, log)
    threading.Thread(target=straggler).start()
    await asyncio.sleep(0.01)
    print("main returns before the job ends")


log: list = []
asyncio.run(main(log))
print("after run:", log)
