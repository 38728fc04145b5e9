"""asyncio.Lock: mutual exclusion, FIFO hand-over to waiters, locked(), misuse errors."""

import asyncio

log: list = []


async def critical(name: str, lock: asyncio.Lock, hold: float) -> None:
    print(f"{name}: wants the lock (locked={lock.locked()})")
    async with lock:
        print(f"{name}: has the lock")
        log.append(name)
        await asyncio.sleep(hold)  # others queue up meanwhile
        print(f"{name}: releases the lock")


async def main() -> None:
    lock = asyncio.Lock()
    await asyncio.gather(
        critical("A", lock, 0.03),
        critical("B", lock, 0.01),
        critical("C", lock, 0.02),
    )
    print("order:", log)

    # A waiter that is cancelled gives its place away.
    await lock.acquire()
    waiter = asyncio.create_task(critical("D", lock, 0))
    other = asyncio.create_task(critical("E", lock, 0))
    await asyncio.sleep(0)
    waiter.cancel()
    await asyncio.sleep(0)
    lock.release()
    await other
    print("D cancelled:", waiter.cancelled())

    try:
        lock.release()
    except RuntimeError as exc:
        print("release of an unlocked lock:", exc)


asyncio.run(main())
