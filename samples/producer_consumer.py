"""A producer and two consumers around a bounded queue, finished with queue.join().

What it teaches
---------------
* ``asyncio.Queue(maxsize=2)`` holds at most two items. When it is full, ``await
  queue.put(item)`` suspends the producer until a consumer takes something out: this is
  *backpressure*, the fast producer is slowed down to the pace of the consumers.
* ``await queue.get()`` suspends a consumer while the queue is empty.
* Every ``get()`` is paired with a ``task_done()`` once the item is processed; ``await
  queue.join()`` returns when every item put in the queue has been marked done.
* Consumers usually loop forever, so after ``join()`` the program cancels them.

The fast consumer needs 0.3 s per item, the slow one 0.5 s. Plain ``python``: about 1.2 s.
"""

import asyncio

from codetiming import Timer

ITEMS = 6


async def producer(queue: asyncio.Queue) -> None:
    for item in range(1, ITEMS + 1):
        if queue.full():
            print(f"producer: queue full, waiting to put item {item}")
        # Suspends here while the queue already holds `maxsize` items.
        await queue.put(item)
        print(f"producer: put item {item} (queue size {queue.qsize()})")
    print("producer: done")


async def consumer(name: str, seconds: float, queue: asyncio.Queue) -> None:
    while True:
        item = await queue.get()  # suspends while the queue is empty
        print(f"{name}: working on item {item}")
        await asyncio.sleep(seconds)  # the "work"
        print(f"{name}: finished item {item}")
        queue.task_done()  # one more item done: join() counts these


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=2)
    with Timer(text="All items processed after {:.1f} s"):
        consumers = [
            asyncio.create_task(consumer("fast consumer", 0.3, queue), name="fast consumer"),
            asyncio.create_task(consumer("slow consumer", 0.5, queue), name="slow consumer"),
        ]
        await producer(queue)
        # The producer has put the last item; wait until all of them are processed.
        await queue.join()

    # The consumers are stuck in `await queue.get()` forever: cancel them.
    for task in consumers:
        task.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    print("consumers cancelled, bye")


if __name__ == "__main__":
    asyncio.run(main())
