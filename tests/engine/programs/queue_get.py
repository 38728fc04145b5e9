"""A consumer waits on an empty queue until a producer puts an item."""

import asyncio


async def consumer(queue: asyncio.Queue) -> None:
    item = await queue.get()
    print("got", item)


async def producer(queue: asyncio.Queue) -> None:
    await asyncio.sleep(1)
    await queue.put("soup")


async def main() -> None:
    queue: asyncio.Queue = asyncio.Queue()
    await asyncio.gather(
        asyncio.create_task(consumer(queue), name="Consumer"),
        asyncio.create_task(producer(queue), name="Producer"),
    )


asyncio.run(main())
