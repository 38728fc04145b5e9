"""A program that checks it leaks no threads: threading.active_count() and enumerate() before,
during and after executor work, as a test suite's leak check would."""

import asyncio
import concurrent.futures
import threading


def names() -> list:
    return sorted(t.name.split("_")[0] for t in threading.enumerate())


async def main() -> None:
    print("at start:", threading.active_count(), names())
    await asyncio.to_thread(lambda: None)
    print("the default executor keeps its worker:", threading.active_count(), names())
    with concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="pool") as pool:
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(pool, sum, [i, i]) for i in range(2)))
        # One or two pool threads, as fast as the jobs finish: count them as a range.
        print("with a pool of two, at most four threads:", threading.active_count() <= 4)
    print("the pool joined:", threading.active_count())


asyncio.run(main())
leaked = threading.active_count() - 1
print("threads left after asyncio.run:", leaked)
assert leaked == 0, threading.enumerate()
