"""asyncio.Condition: wait(), notify(1) wakes one waiter in FIFO order, notify_all wakes all."""

import asyncio


async def consumer(name: str, cond: asyncio.Condition, items: list) -> None:
    async with cond:
        print(f"{name}: waiting")
        await cond.wait_for(lambda: bool(items))
        item = items.pop(0)
        print(f"{name}: got {item}")


async def waiter(name: str, cond: asyncio.Condition) -> None:
    async with cond:
        print(f"{name}: waiting for the broadcast")
        await cond.wait()
        print(f"{name}: woken by notify_all")


async def main() -> None:
    cond = asyncio.Condition()
    items: list = []
    consumers = [asyncio.create_task(consumer(f"c{i}", cond, items)) for i in range(3)]
    await asyncio.sleep(0.01)
    for i in range(3):
        async with cond:
            items.append(f"item{i}")
            print(f"producer: added item{i}, notify(1)")
            cond.notify(1)
        await asyncio.sleep(0.01)
    await asyncio.gather(*consumers)

    waiters = [asyncio.create_task(waiter(f"w{i}", cond)) for i in range(3)]
    await asyncio.sleep(0.01)
    async with cond:
        print("broadcaster: notify_all")
        cond.notify_all()
    await asyncio.gather(*waiters)

    try:
        cond.notify()
    except RuntimeError as exc:
        print("notify without the lock:", exc)


asyncio.run(main())
