"""to_thread and run_in_executor: default executor, a custom pool, an exception from a thread,
and the thread names and order seen by the loop."""

import asyncio
import concurrent.futures
import threading
import time


def blocking(name: str, delay: float) -> str:
    time.sleep(delay)
    return f"{name} done in a thread: {threading.current_thread() is not threading.main_thread()}"


def fails() -> None:
    time.sleep(0.01)
    raise LookupError("from the worker")


async def main() -> None:
    loop = asyncio.get_running_loop()
    # Spaced far apart: the order is the same on any machine.
    results = await asyncio.gather(
        asyncio.to_thread(blocking, "slow", 0.3),
        asyncio.to_thread(blocking, "fast", 0.01),
    )
    print(results)

    done_order = []

    async def timed(name: str, delay: float) -> None:
        done_order.append(await asyncio.to_thread(blocking, name, delay))

    await asyncio.gather(timed("b", 0.25), timed("a", 0.01))
    print(done_order)

    with concurrent.futures.ThreadPoolExecutor(max_workers=1,
                                               thread_name_prefix="solo") as pool:
        names = await asyncio.gather(*(
            loop.run_in_executor(pool, lambda: threading.current_thread().name.split("_")[0])
            for _ in range(3)))
        print("pool threads:", names)

    try:
        await loop.run_in_executor(None, fails)
    except LookupError as exc:
        print("worker raised:", repr(exc))

    fut = loop.run_in_executor(None, blocking, "cancelled", 0.2)
    await asyncio.sleep(0)
    fut.cancel()
    try:
        await fut
    except asyncio.CancelledError:
        print("executor future cancelled:", fut.cancelled())

    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as procs:
        print("process pool:", await loop.run_in_executor(procs, pow, 2, 10))


if __name__ == "__main__":
    asyncio.run(main())
    print("after run")
