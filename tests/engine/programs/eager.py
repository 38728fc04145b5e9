"""An eager task (3.12+): its first step runs inside create_task()."""

import asyncio


async def child() -> None:
    print("child starts")
    await asyncio.sleep(1)
    print("child ends")


async def main() -> None:
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    task = asyncio.create_task(child(), name="Child")
    print("created")
    await task


asyncio.run(main())
