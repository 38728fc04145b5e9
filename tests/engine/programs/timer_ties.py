"""Three tasks whose last timers fall due at the same moment, t=0.3, reached different ways.

Under plain python, timers due "together" fire in the order they were scheduled: B (set at
t=0), then C (set at t=0.2, woken first at 0.2 since its first timer was set first), then A.
"""

import asyncio


async def a() -> None:
    for _ in range(3):
        await asyncio.sleep(0.1)
    print("A")


async def b() -> None:
    await asyncio.sleep(0.3)
    print("B")


async def c() -> None:
    await asyncio.sleep(0.2)
    await asyncio.sleep(0.1)
    print("C")


async def main() -> None:
    await asyncio.gather(
        asyncio.create_task(a(), name="A"),
        asyncio.create_task(b(), name="B"),
        asyncio.create_task(c(), name="C"),
    )


asyncio.run(main())
