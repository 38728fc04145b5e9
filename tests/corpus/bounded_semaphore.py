"""asyncio.Semaphore and BoundedSemaphore: at most N holders, FIFO waiters, over-release."""

import asyncio

active = 0


async def download(name: str, sem: asyncio.Semaphore, seconds: float) -> None:
    global active
    async with sem:
        active += 1
        print(f"{name}: in (active={active})")
        await asyncio.sleep(seconds)
        active -= 1
        print(f"{name}: out")


async def main() -> None:
    sem = asyncio.BoundedSemaphore(2)
    await asyncio.gather(*(download(f"d{i}", sem, 0.03 * (i + 1)) for i in range(5)))

    try:
        sem.release()
    except ValueError as exc:
        print("BoundedSemaphore over-release:", exc)

    plain = asyncio.Semaphore(1)
    plain.release()  # a plain Semaphore allows it: the counter goes up to 2
    print("plain semaphore over-release is allowed, locked() =", plain.locked())
    await plain.acquire()
    await plain.acquire()
    print("two acquires went through, locked() =", plain.locked())
    waiter = asyncio.create_task(plain.acquire())
    await asyncio.sleep(0)
    print("third acquire is waiting:", not waiter.done())
    plain.release()
    await waiter
    print("third acquire got it after a release")


asyncio.run(main())
