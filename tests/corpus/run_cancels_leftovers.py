"""asyncio.run cancels tasks that are still pending when the main coroutine returns.

Each run leaves exactly one task behind that prints: asyncio.run cancels the leftovers in the
iteration order of a set of tasks, which is not a stable order when there are several.
"""

import asyncio


async def background(name: str) -> None:
    try:
        while True:
            await asyncio.sleep(0.01)
    except asyncio.CancelledError:
        print(f"{name}: cancelled at shutdown")
        await asyncio.sleep(0)
        print(f"{name}: cleanup finished")
        raise


async def refuses() -> None:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("refuses: swallowing the cancellation and returning")
        return


async def main(factory) -> None:
    asyncio.create_task(factory())
    await asyncio.sleep(0.035)
    print("main: returning with a task still running")


asyncio.run(main(lambda: background("poller")))
print("after the first asyncio.run")
asyncio.run(main(refuses))
print("after the second asyncio.run")
