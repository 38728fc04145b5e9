"""asyncio.Queue: FIFO order, a consumer waiting on an empty queue, put_nowait/get_nowait."""

import asyncio


async def consumer(queue: asyncio.Queue) -> None:
    while True:
        item = await queue.get()
        print(f"consumer got {item!r}")
        if item is None:
            return


async def main() -> None:
    queue: asyncio.Queue = asyncio.Queue()
    task = asyncio.create_task(consumer(queue))
    await asyncio.sleep(0)  # the consumer now waits on the empty queue
    print("consumer is waiting:", not task.done())
    for item in ["a", "b", "c"]:
        print(f"put {item!r}")
        await queue.put(item)
    print("qsize after puts:", queue.qsize())
    await asyncio.sleep(0.01)
    print("qsize after sleep:", queue.qsize())
    queue.put_nowait("d")
    queue.put_nowait(None)
    await task
    try:
        queue.get_nowait()
    except asyncio.QueueEmpty:
        print("get_nowait on empty queue: QueueEmpty")
    print("done")


asyncio.run(main())
