"""Three workers share one asyncio.Queue of 300 jobs (queue_workers.py, longer): enough steps
for a burst of 200 step keys. Jobs sleep 0, 1 or 2 virtual seconds."""

import asyncio


async def worker(name, queue):
    while not queue.empty():
        delay = await queue.get()
        print(f"{name} sleeps {delay}")
        await asyncio.sleep(delay)


async def main():
    queue = asyncio.Queue()
    for n in range(300):
        await queue.put(n % 3)
    await asyncio.gather(*(asyncio.create_task(worker(name, queue), name=name)
                           for name in ("One", "Two", "Three")))


asyncio.run(main())
