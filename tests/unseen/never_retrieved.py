"""The warnings asyncio and Python print on stderr: "Task exception was never retrieved",
"coroutine ... was never awaited", and a task destroyed while pending."""

import asyncio
import gc


async def fails() -> None:
    raise ValueError("lost")


async def forgotten() -> None:
    print("never printed")


async def main() -> None:
    task = asyncio.create_task(fails(), name="failing")
    await asyncio.sleep(0.01)
    print("task done:", task.done())
    del task
    gc.collect()
    print("after collecting the failed task")

    forgotten()
    gc.collect()
    print("after dropping a coroutine")

    async def waits_forever() -> None:
        await asyncio.Event().wait()

    asyncio.create_task(waits_forever(), name="pending at the end")
    await asyncio.sleep(0)
    print("main returns")


asyncio.run(main())
print("exit normally")
