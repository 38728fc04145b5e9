"""A subprocess, an executor job and a signal handler, all pending at once."""

import asyncio
import signal
import subprocess
import sys
import threading

gate = threading.Event()


def work() -> int:
    gate.wait(30)  # released by the program itself once inspected
    return 1


async def main() -> None:
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, gate.set)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; sys.stdin.readline()",
        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    job = asyncio.create_task(asyncio.to_thread(work), name="job")
    reader = asyncio.create_task(proc.stdout.read(), name="reader")
    reaper = asyncio.create_task(proc.wait(), name="reaper")
    await asyncio.sleep(0.5)
    gate.set()
    proc.stdin.write(b"done\n")
    await asyncio.gather(job, reader, reaper)
    print("exit", proc.returncode)


asyncio.run(main())
