"""asyncio.Queue with task_done()/join(): join returns only once every item is processed."""

import asyncio


async def worker(name: str, queue: asyncio.Queue, delay: float) -> None:
    while True:
        item = await queue.get()
        print(f"{name} start {item}")
        await asyncio.sleep(delay)
        print(f"{name} end {item}")
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue = asyncio.Queue()
    for item in range(5):
        queue.put_nowait(item)
    workers = [
        asyncio.create_task(worker("w1", queue, 0.1), name="w1"),
        asyncio.create_task(worker("w2", queue, 0.17), name="w2"),
    ]
    print("joining")
    await queue.join()
    print("join returned, queue empty:", queue.empty())
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print("workers:", [type(r).__name__ for r in results])
    try:
        queue.task_done()
    except ValueError as exc:
        print("extra task_done:", exc)


asyncio.run(main())
