"""asyncio.gather: results in argument order, completion in time order, nesting, duplicates."""

import asyncio


async def job(name: str, delay: float) -> str:
    print(f"{name} starts")
    await asyncio.sleep(delay)
    print(f"{name} finishes")
    return name.upper()


async def main() -> None:
    results = await asyncio.gather(job("slow", 0.3), job("fast", 0.1), job("medium", 0.2))
    print("results:", results)

    print("empty gather:", await asyncio.gather())

    inner = asyncio.gather(job("inner-a", 0.05), job("inner-b", 0.0))
    outer = await asyncio.gather(inner, job("outer", 0.1))
    print("nested:", outer)

    # The same coroutine object twice is wrapped once and its result reported twice.
    coro = job("twice", 0.01)
    print("duplicates:", await asyncio.gather(coro, coro))

    # Plain futures work too.
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_soon(fut.set_result, "from a future")
    print("future:", await asyncio.gather(fut, job("with-future", 0)))


asyncio.run(main())
