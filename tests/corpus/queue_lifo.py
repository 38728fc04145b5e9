"""asyncio.LifoQueue: last in, first out, and a bounded LifoQueue blocking its producer."""

import asyncio


async def main() -> None:
    stack: asyncio.LifoQueue = asyncio.LifoQueue()
    for item in "abcd":
        stack.put_nowait(item)
    print("popped:", [stack.get_nowait() for _ in range(stack.qsize())])

    bounded: asyncio.LifoQueue = asyncio.LifoQueue(maxsize=2)

    async def producer() -> None:
        for i in range(4):
            print(f"producer: put {i} (full={bounded.full()})")
            await bounded.put(i)
        print("producer: done")

    async def consumer() -> None:
        for _ in range(4):
            await asyncio.sleep(0.01)
            print(f"consumer: got {await bounded.get()}")

    await asyncio.gather(producer(), consumer())
    try:
        bounded.put_nowait(1)
        bounded.put_nowait(2)
        bounded.put_nowait(3)
    except asyncio.QueueFull:
        print("put_nowait on full queue: QueueFull, size", bounded.qsize())


asyncio.run(main())
