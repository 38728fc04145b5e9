"""Eager tasks (3.12+): loop.set_task_factory(asyncio.eager_task_factory).

The same lines are printed with and without eager tasks: nothing is printed between a
create_task() and the first await of the caller, so the program does not depend on whether
the first step of a child ran inside create_task(). On 3.11 regular tasks are used.
"""

import asyncio
import sys


async def child(name: str, pause: bool) -> str:
    if pause:
        await asyncio.sleep(0.01)
    return f"{name} result"


async def main() -> None:
    if sys.version_info >= (3, 12):
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    # Finishes without awaiting: with eager tasks it completes inside create_task().
    quick = asyncio.create_task(child("quick", pause=False))
    # Suspends at its first await: with eager tasks that first step already happened.
    slow = asyncio.create_task(child("slow", pause=True))
    print("awaiting quick:", await quick)
    print("awaiting slow:", await slow)

    results = await asyncio.gather(*(child(f"g{i}", pause=i % 2 == 1) for i in range(4)))
    print("gather:", results)

    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(child(f"tg{i}", pause=i == 0)) for i in range(3)]
    print("taskgroup:", [t.result() for t in tasks])

    async def nested() -> str:
        inner = asyncio.create_task(child("inner", pause=False))
        return await inner + " via nested"

    print("nested:", await asyncio.create_task(nested()))


asyncio.run(main())
