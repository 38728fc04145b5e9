"""asyncio.Event: several waiters released by one set(), clear(), wait() on a set event."""

import asyncio


async def runner(name: str, start: asyncio.Event) -> None:
    print(f"{name}: on the blocks")
    await start.wait()
    print(f"{name}: running")


async def main() -> None:
    start = asyncio.Event()
    tasks = [asyncio.create_task(runner(n, start)) for n in ("ann", "bob", "cy")]
    await asyncio.sleep(0.01)
    print("is_set before:", start.is_set())
    start.set()
    print("set() called; nobody has run yet")
    await asyncio.gather(*tasks)

    print("wait() on a set event returns at once:", await start.wait())
    start.clear()
    late = asyncio.create_task(runner("late", start))
    await asyncio.sleep(0.01)
    print("late is still waiting:", not late.done())
    asyncio.get_running_loop().call_later(0.02, start.set)
    await late
    print("done")


asyncio.run(main())
