"""What a program sees when it prints asyncio objects: the reprs of tasks, futures, handles,
timers and of the loop itself, with addresses taken out."""

import asyncio
import re


def clean(obj: object) -> str:
    return re.sub(r" at 0x[0-9a-f]+", "", repr(obj))


async def sleeper() -> None:
    await asyncio.sleep(1)


async def main() -> None:
    loop = asyncio.get_running_loop()
    print(clean(loop).replace("True", "?").replace("False", "?"))
    print("a selector loop:", isinstance(loop, asyncio.SelectorEventLoop),
          isinstance(loop, asyncio.BaseEventLoop))
    fut = loop.create_future()
    print(clean(fut))
    task = asyncio.create_task(sleeper(), name="sleeper")
    print(clean(task))
    await asyncio.sleep(0)
    print(clean(task))
    handle = loop.call_soon(print, "called")
    print(clean(handle))
    timer = loop.call_later(5, print, "never")
    print(clean(timer).split(" when=")[0])
    timer.cancel()
    print(clean(timer).split(" when=")[0])
    executor_future = loop.run_in_executor(None, sum, [1, 2])
    print(clean(executor_future))
    print(await executor_future, clean(executor_future))
    task.cancel()
    await asyncio.sleep(0)
    print(clean(task))
    fut.set_result("value")
    print(clean(fut))
    print(clean(asyncio.current_task()).split(" coro=")[0])


asyncio.run(main())
