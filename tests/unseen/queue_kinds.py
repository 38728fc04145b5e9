"""Queue.join and task_done, too many task_done, PriorityQueue and LifoQueue, QueueFull and
QueueEmpty, and a bounded queue that makes the producer wait."""

import asyncio


async def main() -> None:
    work: asyncio.Queue = asyncio.Queue()
    for i in range(6):
        work.put_nowait(i)

    async def worker(name: str) -> None:
        while True:
            item = await work.get()
            await asyncio.sleep(0.05 * item)  # spaced: the same order on a busy machine
            print(f"{name} did {item}")
            work.task_done()

    workers = [asyncio.create_task(worker(f"w{i}")) for i in range(2)]
    await work.join()
    print("joined, unfinished =", work._unfinished_tasks)
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    try:
        work.task_done()
    except ValueError as exc:
        print("task_done too often:", exc)

    pq: asyncio.PriorityQueue = asyncio.PriorityQueue()
    for item in [(3, "low"), (1, "high"), (2, "mid"), (1, "also high")]:
        await pq.put(item)
    print("priority:", [pq.get_nowait() for _ in range(pq.qsize())])

    lifo: asyncio.LifoQueue = asyncio.LifoQueue()
    for item in "abc":
        lifo.put_nowait(item)
    print("lifo:", [await lifo.get() for _ in range(3)])

    small: asyncio.Queue = asyncio.Queue(maxsize=1)
    small.put_nowait("only")
    try:
        small.put_nowait("one too many")
    except asyncio.QueueFull:
        print("QueueFull, full() =", small.full())
    small.get_nowait()
    try:
        small.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty, empty() =", small.empty())

    async def producer() -> None:
        for i in range(4):
            await small.put(i)
            print(f"put {i}")

    async def slow_consumer() -> None:
        for _ in range(4):
            await asyncio.sleep(0.01)
            print(f"got {await small.get()}")

    await asyncio.gather(producer(), slow_consumer())


asyncio.run(main())
