"""loop.run_in_executor with the default executor and with an explicit ThreadPoolExecutor."""

import asyncio
import concurrent.futures
import functools
import time


def blocking_io(label: str) -> str:
    time.sleep(0.1)
    return f"{label} finished"


def add(a: int, b: int, *, scale: int = 1) -> int:
    time.sleep(0.01)
    return (a + b) * scale


async def main() -> None:
    loop = asyncio.get_running_loop()

    print("default executor:", await loop.run_in_executor(None, blocking_io, "default"))

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = [loop.run_in_executor(pool, blocking_io, f"pool-{i}") for i in range(3)]
        print("pool futures are asyncio futures:", all(isinstance(f, asyncio.Future) for f in futures))
        print("pool results:", await asyncio.gather(*futures))
        print("partial:", await loop.run_in_executor(pool, functools.partial(add, 2, 3, scale=10)))

    def broken() -> None:
        raise ZeroDivisionError("from the executor")

    try:
        await loop.run_in_executor(None, broken)
    except ZeroDivisionError as exc:
        print("executor exception:", exc)


asyncio.run(main())
