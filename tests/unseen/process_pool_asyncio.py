"""A ProcessPoolExecutor whose worker runs asyncio.run, with fork, spawn and forkserver workers,
fed by the parent's loop through run_in_executor; a worker's exception reaches the parent."""

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


async def work(n: int) -> int:
    values = await asyncio.gather(*(asyncio.sleep(0.01 * i, result=i * n) for i in range(3)))
    return sum(values)


def worker(n: int) -> int:
    if n < 0:
        raise ValueError(f"negative: {n}")
    return asyncio.run(work(n))


async def main() -> None:
    loop = asyncio.get_running_loop()
    for method in ("fork", "spawn", "forkserver"):
        ctx = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
            results = await asyncio.gather(*(loop.run_in_executor(pool, worker, n)
                                             for n in range(1, 5)))
            print(method, results)
            try:
                await loop.run_in_executor(pool, worker, -1)
            except ValueError as exc:
                print(method, "worker raised", repr(exc))


if __name__ == "__main__":
    asyncio.run(main())
    print("done")
