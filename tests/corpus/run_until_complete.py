"""asyncio.new_event_loop() + loop.run_until_complete(), several times on the same loop."""

import asyncio


async def step(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    print(f"{name} ran, loop is running: {asyncio.get_running_loop().is_running()}")
    return name


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
try:
    print("result 1:", loop.run_until_complete(step("first", 0.01)))
    # A task created outside any coroutine, then driven by run_until_complete.
    task = loop.create_task(step("background", 0.05))
    print("result 2:", loop.run_until_complete(step("second", 0.01)))
    print("background done after second run:", task.done())
    print("result 3:", loop.run_until_complete(task))
    # A plain future works too.
    fut = loop.create_future()
    loop.call_later(0.01, fut.set_result, "future result")
    print("result 4:", loop.run_until_complete(fut))
    print("is_running outside:", loop.is_running())
finally:
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
    asyncio.set_event_loop(None)
print("closed:", loop.is_closed())
