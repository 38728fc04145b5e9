"""Await edges that come and go while other tasks run: the cases ``engine/edgecache.py``
must follow without looking at every task (nested gathers, a failing child, shield, wait,
wait_for, a TaskGroup fed by another task, one gather awaited twice, a callback that is no
wait)."""

import asyncio


async def leaf(delay: float, fail: bool = False) -> str:
    await asyncio.sleep(delay)
    if fail:
        raise ValueError("leaf failed")
    return "ok"


async def nested_gathers() -> None:
    inner = asyncio.gather(asyncio.create_task(leaf(1), name="n-a"),
                           asyncio.create_task(leaf(2, fail=True), name="n-fail"),
                           asyncio.create_task(leaf(6), name="n-late"))
    try:
        await asyncio.gather(inner, asyncio.create_task(leaf(3), name="n-b"))
    except ValueError:
        pass


async def shielded() -> None:
    inner = asyncio.create_task(leaf(4), name="s-inner")
    try:
        await asyncio.shield(inner)
    except asyncio.CancelledError:
        await inner


async def canceller(target: asyncio.Task[None]) -> None:
    await asyncio.sleep(1.5)
    target.cancel()


async def waits() -> None:
    fast = asyncio.create_task(leaf(1), name="w-fast")
    slow = asyncio.create_task(leaf(5), name="w-slow")
    timed = asyncio.create_task(leaf(9), name="wf-inner")
    await asyncio.sleep(0.1)  # the waits below start on tasks that exist already
    await asyncio.wait({fast, slow}, return_when=asyncio.FIRST_COMPLETED)
    try:
        await asyncio.wait_for(timed, timeout=1)
    except TimeoutError:
        pass
    await slow


async def group_fed_by_other() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(leaf(1), name="g-own")
        feeder = asyncio.create_task(feed(group), name="feeder")
        await asyncio.sleep(0.5)
    await feeder


async def feed(group: asyncio.TaskGroup) -> None:
    await asyncio.sleep(0.2)
    group.create_task(leaf(2), name="g-fed")


async def twice() -> None:
    shared = asyncio.gather(asyncio.create_task(leaf(2), name="shared-child"))

    async def one() -> None:
        await shared

    await asyncio.gather(asyncio.create_task(one(), name="one-1"),
                         asyncio.create_task(one(), name="one-2"))


async def main() -> None:
    guard = asyncio.create_task(shielded(), name="guard")
    other = asyncio.create_task(leaf(7), name="other")
    watched = asyncio.create_task(leaf(3), name="watched")
    watched.add_done_callback(other.cancel)  # a callback, not a wait: no edge
    await asyncio.gather(
        asyncio.create_task(nested_gathers(), name="nested"),
        guard,
        asyncio.create_task(canceller(guard), name="canceller"),
        asyncio.create_task(waits(), name="waits"),
        asyncio.create_task(group_fed_by_other(), name="group"),
        asyncio.create_task(twice(), name="twice"),
        watched,
        return_exceptions=True,
    )
    print("done")


asyncio.run(main())
