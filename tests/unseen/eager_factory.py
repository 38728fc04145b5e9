"""The eager task factory (3.12+): a task that finishes without suspending never reaches the
loop; one that suspends continues as usual. On 3.11 the program says it is skipped."""

import asyncio
import sys


async def immediate(name: str, log: list) -> str:
    log.append(f"{name} ran")
    return name.upper()


async def suspends(name: str, log: list) -> str:
    log.append(f"{name} started")
    await asyncio.sleep(0.01)
    log.append(f"{name} resumed")
    return name


async def main() -> None:
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    log: list = []
    t1 = asyncio.create_task(immediate("a", log))
    log.append(f"after create_task a: done={t1.done()}")
    t2 = asyncio.create_task(suspends("b", log))
    log.append(f"after create_task b: done={t2.done()}")
    print(await asyncio.gather(t1, t2, immediate("c", log)))
    print(log)
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(suspends(n, log)) for n in "xy"]
    print([t.result() for t in tasks], log[-4:])
    loop.set_task_factory(None)
    t3 = asyncio.create_task(immediate("lazy", log))
    print("without the factory, done at once:", t3.done(), await t3)


if sys.version_info < (3, 12):
    print("skipped: eager_task_factory needs Python 3.12")
else:
    asyncio.run(main())
