"""loop.run_forever() stopped by loop.stop() from a callback and from a task."""

import asyncio

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)


def tick(n: int) -> None:
    print("tick", n)
    if n < 3:
        loop.call_later(0.01, tick, n + 1)
    else:
        print("stopping from a callback")
        loop.stop()


loop.call_soon(tick, 1)
loop.run_forever()
print("run_forever returned, running:", loop.is_running())


async def stopper() -> None:
    await asyncio.sleep(0.02)
    print("stopping from a task")
    asyncio.get_running_loop().stop()
    await asyncio.sleep(0)
    print("the task continues in the next run_forever")


task = loop.create_task(stopper())
loop.run_forever()
print("second run_forever returned, task done:", task.done())
loop.run_until_complete(task)
print("task done:", task.done())
# stop() before run_forever(): it runs one iteration and returns.
loop.call_soon(print, "one iteration")
loop.stop()
loop.run_forever()
loop.close()
asyncio.set_event_loop(None)
print("closed")
