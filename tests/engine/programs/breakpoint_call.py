"""breakpoint() inside a task: loopscope pauses right after that task's step."""

import asyncio


async def worker() -> None:
    print("before")
    breakpoint()
    await asyncio.sleep(1)
    print("after")


async def main() -> None:
    await asyncio.create_task(worker(), name="Worker")


asyncio.run(main())
