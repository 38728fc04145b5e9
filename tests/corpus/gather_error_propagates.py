"""asyncio.gather without return_exceptions: the first error propagates, siblings keep running."""

import asyncio


async def worker(name: str, delay: float) -> str:
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} done")
    return name


async def failing(delay: float) -> None:
    await asyncio.sleep(delay)
    print("failing raises KeyError")
    raise KeyError("missing")


async def main() -> None:
    t1 = asyncio.create_task(worker("A", 0.2), name="A")
    t2 = asyncio.create_task(worker("B", 0.4), name="B")
    gathered = asyncio.gather(t1, failing(0.1), t2)
    try:
        await gathered
    except KeyError as exc:
        print("main caught KeyError", exc)
    print("A done?", t1.done(), "B done?", t2.done(), "gather done?", gathered.done())
    await asyncio.sleep(0.5)
    print("A result", t1.result(), "B result", t2.result())

    # Cancelling a gather cancels its children.
    t3 = asyncio.create_task(worker("C", 1), name="C")
    g = asyncio.gather(t3)
    await asyncio.sleep(0)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled; C cancelled?", t3.cancelled())


asyncio.run(main())
