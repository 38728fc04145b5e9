"""multiprocessing children that run asyncio.run of their own, started by fork, spawn and
forkserver (3.14's default on Linux) while the parent's loop waits for them in threads, and a
fork child started outside any loop."""

import asyncio
import multiprocessing
import sys
import warnings

# 3.12+ warns at a fork while the process has another thread. Here the only other threads are
# ones the program already joined, and whether the kernel still counts one at the fork is a
# matter of microseconds, under plain python too: not what this program is about (the warning
# itself: tests/engine/test_children.py).
warnings.filterwarnings("ignore", message=r"This process \(pid=\d+\) is multi-threaded",
                        category=DeprecationWarning)


async def child_work(n: int) -> int:
    total = 0
    for i in range(n):
        await asyncio.sleep(0.01)
        total += i
    return total


def child(name: str, n: int, results: "multiprocessing.Queue[tuple[str, int]]") -> None:
    result = asyncio.run(child_work(n))
    print(f"child {name}: summed {result}", flush=True)
    results.put((name, result))


def join(process: multiprocessing.process.BaseProcess) -> None:
    process.join()


async def start_and_wait(method: str) -> None:
    ctx = multiprocessing.get_context(method)
    results = ctx.Queue()
    process = ctx.Process(target=child, args=(method, 5, results), name=f"child-{method}")
    process.start()
    loop = asyncio.get_running_loop()
    got = await loop.run_in_executor(None, results.get)
    await loop.run_in_executor(None, join, process)
    await asyncio.sleep(0.01)
    print(f"{method}: got {got}, exit code {process.exitcode}", flush=True)


async def main() -> None:
    for method in ("fork", "spawn", "forkserver"):
        await start_and_wait(method)


def outside_a_loop() -> None:
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    process = ctx.Process(target=child, args=("outside", 3, results))
    process.start()
    got = results.get()
    process.join()
    print(f"outside a loop: got {got}, exit code {process.exitcode}", flush=True)


if __name__ == "__main__":
    print("parent starts", flush=True)
    asyncio.run(main())
    outside_a_loop()
    print("parent ends")
    sys.exit(4)
