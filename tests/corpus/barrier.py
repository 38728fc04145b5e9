"""asyncio.Barrier (3.11+): parties wait until all have arrived; abort() breaks the barrier."""

import asyncio


async def hiker(name: str, barrier: asyncio.Barrier, delay: float) -> None:
    await asyncio.sleep(delay)
    print(f"{name}: at the meeting point ({barrier.n_waiting} already waiting)")
    index = await barrier.wait()
    print(f"{name}: everyone is here, going on (index {index})")


async def main() -> None:
    barrier = asyncio.Barrier(3)
    await asyncio.gather(
        hiker("ann", barrier, 0.06), hiker("bob", barrier, 0.02), hiker("cy", barrier, 0.04)
    )
    print("barrier reusable, broken =", barrier.broken)

    async def doomed(name: str) -> None:
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            print(f"{name}: barrier broken")

    waiters = [asyncio.create_task(doomed(n)) for n in ("x", "y")]
    await asyncio.sleep(0.01)
    await barrier.abort()
    await asyncio.gather(*waiters)
    print("broken =", barrier.broken)


asyncio.run(main())
