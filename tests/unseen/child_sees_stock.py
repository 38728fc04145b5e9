"""What a child process sees of what it runs on: the stock loop class on the real clock, the
interpreter's own hooks, streams and thread list, and (spawn and forkserver children start a
fresh interpreter) no module of anyone else's; asked from a loop through a process pool of each
start method, and in a child of os.fork() called outside any loop."""

import asyncio
import multiprocessing
import os
import sys
import threading
import time
import warnings
from concurrent.futures import ProcessPoolExecutor

# 3.12+ warns at a fork while the process has another thread. Here the only other threads are
# ones the program already joined, and whether the kernel still counts one at the fork is a
# matter of microseconds, under plain python too: not what this program is about (the warning
# itself: tests/engine/test_children.py).
warnings.filterwarnings("ignore", message=r"This process \(pid=\d+\) is multi-threaded",
                        category=DeprecationWarning)


def look(fresh: bool) -> list[object]:
    loop = asyncio.new_event_loop()
    try:
        real_clock = abs(time.monotonic() - time.clock_gettime(time.CLOCK_MONOTONIC)) < 1
        loop_clock = abs(loop.time() - time.clock_gettime(time.CLOCK_MONOTONIC)) < 1
        facts: list[object] = [
            f"{type(loop).__module__}.{type(loop).__name__}",
            asyncio.SelectorEventLoop.__name__,
            real_clock, loop_clock,
            [type(f).__name__ for f in (time.monotonic, time.perf_counter, time.sleep)],
            threading.enumerate.__code__.co_filename == threading.__file__,
            threading.active_count(),
            sys.breakpointhook is sys.__breakpointhook__,
            sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__,
        ]
    finally:
        loop.close()
    if fresh:
        facts.append(sorted({name.split(".")[0] for name in sys.modules} - set(
            sys.stdlib_module_names) - {"__main__", "__mp_main__"}))
        facts.append(os.environ.get("PYTHONBREAKPOINT"))
    return facts


async def main() -> None:
    loop = asyncio.get_running_loop()
    for method in ("fork", "spawn", "forkserver"):
        ctx = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            print(method, await loop.run_in_executor(pool, look, method != "fork"))


if __name__ == "__main__":
    asyncio.run(main())
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        print("os.fork", look(False), flush=True)
        os._exit(0)
    os.waitpid(pid, 0)
