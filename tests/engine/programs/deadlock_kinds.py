"""Deadlocks of other kinds: a Queue cycle, a Semaphore against an Event, a Lock never released."""

import asyncio


async def relay(inbox: asyncio.Queue, outbox: asyncio.Queue) -> None:
    item = await inbox.get()  # each relay waits for the other to put first
    await outbox.put(item)


async def holder(sem: asyncio.Semaphore, go: asyncio.Event) -> None:
    async with sem:
        await go.wait()  # holds the only permit while waiting


async def opener(sem: asyncio.Semaphore, go: asyncio.Event) -> None:
    async with sem:
        go.set()


async def leaker(lock: asyncio.Lock) -> None:
    await lock.acquire()  # and never releases it


async def late(lock: asyncio.Lock) -> None:
    await asyncio.sleep(1)
    async with lock:
        pass


async def main() -> None:
    qa: asyncio.Queue = asyncio.Queue()
    qb: asyncio.Queue = asyncio.Queue()
    sem, go, lock = asyncio.Semaphore(1), asyncio.Event(), asyncio.Lock()
    await asyncio.gather(
        asyncio.create_task(relay(qa, qb), name="RelayA"),
        asyncio.create_task(relay(qb, qa), name="RelayB"),
        asyncio.create_task(holder(sem, go), name="Holder"),
        asyncio.create_task(opener(sem, go), name="Opener"),
        asyncio.create_task(leaker(lock), name="Leaker"),
        asyncio.create_task(late(lock), name="Late"),
    )


asyncio.run(main())
