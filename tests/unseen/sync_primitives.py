"""Barrier, Condition (wait_for, notify(n), notify_all), Semaphore and BoundedSemaphore
misuse, and Lock errors."""

import asyncio


async def main() -> None:
    barrier = asyncio.Barrier(3)
    order: list = []

    async def party(name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        order.append(f"{name} arrives")
        index = await barrier.wait()
        order.append(f"{name} passes ({index})")

    await asyncio.gather(party("a", 0.03), party("b", 0.01), party("c", 0.02))
    print(order)

    broken = asyncio.Barrier(2)

    async def lonely() -> None:
        try:
            await broken.wait()
        except asyncio.BrokenBarrierError:
            print("lonely: the barrier broke")

    task = asyncio.create_task(lonely())
    await asyncio.sleep(0.01)
    await broken.abort()
    await task
    print("broken:", broken.broken)

    cond = asyncio.Condition()
    items: list = []

    async def consumer(name: str) -> None:
        async with cond:
            await cond.wait_for(lambda: items)
            print(f"{name} took {items.pop(0)}")

    consumers = [asyncio.create_task(consumer(f"c{i}")) for i in range(3)]
    await asyncio.sleep(0.01)
    async with cond:
        items.extend(["x", "y"])
        cond.notify(2)
    await asyncio.sleep(0.01)
    async with cond:
        items.append("z")
        cond.notify_all()
    await asyncio.gather(*consumers)

    try:
        cond.notify()
    except RuntimeError as exc:
        print("notify without the lock:", exc)

    sem = asyncio.BoundedSemaphore(2)
    async with sem:
        print("locked with one of two taken:", sem.locked())
    try:
        sem.release()
    except ValueError as exc:
        print("BoundedSemaphore:", exc)

    plain = asyncio.Semaphore(1)
    plain.release()
    print("Semaphore released past its start, locked:", plain.locked())

    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as exc:
        print("Lock:", exc)

    limit = asyncio.Semaphore(2)
    running: list = []

    async def limited(i: int) -> None:
        async with limit:
            running.append(i)
            print(f"job {i} runs with {len(running)} running")
            await asyncio.sleep(0.01)
            running.remove(i)

    await asyncio.gather(*(limited(i) for i in range(5)))


asyncio.run(main())
