"""asyncio.PriorityQueue: items come out smallest first, whatever the insertion order."""

import asyncio


async def producer(queue: asyncio.PriorityQueue) -> None:
    for priority, job in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent")]:
        print(f"put ({priority}, {job!r})")
        await queue.put((priority, job))
        await asyncio.sleep(0)


async def consumer(queue: asyncio.PriorityQueue) -> None:
    await asyncio.sleep(0.01)  # let the producer fill the queue first
    while not queue.empty():
        priority, job = await queue.get()
        print(f"got ({priority}, {job!r})")
        queue.task_done()


async def main() -> None:
    queue: asyncio.PriorityQueue = asyncio.PriorityQueue()
    await asyncio.gather(producer(queue), consumer(queue))
    await queue.join()
    # A waiting getter is woken by the next put, whatever its priority.
    waiter = asyncio.create_task(queue.get())
    await asyncio.sleep(0)
    await queue.put((9, "late"))
    print("waiting getter got", await waiter)


asyncio.run(main())
