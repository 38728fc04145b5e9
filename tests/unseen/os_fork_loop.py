"""os.fork() in a callback of a running loop: the child keeps running the loop it was forked
in (a timer it sets there fires, on time) and leaves with os._exit while the parent's loop
waits for its status in a thread; then a child forked outside any loop runs asyncio.run and
ends by sys.exit."""

import asyncio
import os
import sys
import warnings

# 3.12+ warns at a fork while the process has another thread. Here the only other threads are
# ones the program already joined, and whether the kernel still counts one at the fork is a
# matter of microseconds, under plain python too: not what this program is about (the warning
# itself: tests/engine/test_children.py).
warnings.filterwarnings("ignore", message=r"This process \(pid=\d+\) is multi-threaded",
                        category=DeprecationWarning)


def child_timer(loop: asyncio.AbstractEventLoop, started: float) -> None:
    late = loop.time() - started >= 0.05
    print("child: a timer fired in the forked loop, not early:", late, flush=True)
    os._exit(3)


def fork_here(loop: asyncio.AbstractEventLoop, forked: "asyncio.Future[int]") -> None:
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        # The child keeps running this loop (asyncio's own fork handler, 3.12+, forgets that
        # it runs, so no task may resume here; callbacks still run).
        loop.call_later(0.05, child_timer, loop, loop.time())
        return
    forked.set_result(pid)


async def main() -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0.01)
    forked = loop.create_future()
    loop.call_soon(fork_here, loop, forked)
    pid = await forked
    _, status = await loop.run_in_executor(None, os.waitpid, pid, 0)
    await asyncio.sleep(0.01)
    print("parent: the child exited with", os.waitstatus_to_exitcode(status), flush=True)


async def child_main() -> str:
    await asyncio.sleep(0.02)
    return "asyncio.run in a child forked outside any loop"


def fork_outside() -> None:
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        print("child:", asyncio.run(child_main()))
        sys.exit(5)
    _, status = os.waitpid(pid, 0)
    print("parent: the second child exited with", os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    asyncio.run(main())
    fork_outside()
    print("parent ends")
