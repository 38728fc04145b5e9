"""asyncio.wait_for that succeeds: with a timeout, without one, on a task and on a future."""

import asyncio


async def compute(x: int, delay: float) -> int:
    await asyncio.sleep(delay)
    print(f"compute({x}) done")
    return x * x


async def main() -> None:
    print("result:", await asyncio.wait_for(compute(3, 0.02), timeout=1))
    print("no timeout:", await asyncio.wait_for(compute(4, 0.01), timeout=None))

    task = asyncio.create_task(compute(5, 0.03))
    print("task:", await asyncio.wait_for(task, timeout=1), "done:", task.done())

    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.02, fut.set_result, "future value")
    print("future:", await asyncio.wait_for(fut, timeout=1))

    # Exceptions from the inner awaitable pass through unchanged.
    async def fails() -> None:
        await asyncio.sleep(0.01)
        raise LookupError("inner failure")

    try:
        await asyncio.wait_for(fails(), timeout=1)
    except LookupError as exc:
        print("inner exception passed through:", exc)


asyncio.run(main())
