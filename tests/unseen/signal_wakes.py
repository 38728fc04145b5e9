"""A program that waits up to an hour for a signal; another process sends it soon after. A
registered signal handler is something outside that can wake the loop: the hour is real."""

import asyncio
import os
import signal
import subprocess


async def main():
    loop = asyncio.get_running_loop()
    got = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, got.set)
    sender = subprocess.Popen(["sh", "-c", f"sleep 0.3; kill -USR1 {os.getpid()}"])
    try:
        await asyncio.wait_for(got.wait(), 3600)
        print("got SIGUSR1")
    except TimeoutError:
        print("gave up after an hour")
    finally:
        sender.wait()
        loop.remove_signal_handler(signal.SIGUSR1)
    await asyncio.sleep(2)  # no handler now: virtual again
    print("done")


asyncio.run(main())
