"""Waits that begin after the call that sets them up, and end one child at a time: the edges
``engine/edgecache.py`` keeps must follow them (a TaskGroup whose body still runs, then its
``__aexit__``, fed by another task; a gather and a shield made, then awaited; an
``as_completed`` made, then looped over as its tasks end one by one)."""

import asyncio


async def leaf(delay: float) -> None:
    await asyncio.sleep(delay)


async def group_body_then_exit() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(leaf(2), name="g-1")
        group.create_task(feed(group), name="g-feeder")
        await asyncio.sleep(1)  # the body runs: no edge yet


async def feed(group: asyncio.TaskGroup) -> None:
    await asyncio.sleep(1.5)
    group.create_task(leaf(1), name="g-fed")


async def gather_later() -> None:
    both = asyncio.gather(asyncio.create_task(leaf(2), name="ga-1"),
                          asyncio.create_task(leaf(3), name="ga-2"))
    await asyncio.sleep(1)
    await both


async def shield_later() -> None:
    shielded = asyncio.shield(asyncio.create_task(leaf(2), name="sh-inner"))
    await asyncio.sleep(1)
    await shielded


async def as_completed_later() -> None:
    results = asyncio.as_completed([asyncio.create_task(leaf(d), name=f"ac-{d}")
                                    for d in (2, 3, 4)])
    await asyncio.sleep(1)
    for next_done in results:
        await next_done


async def main() -> None:
    await asyncio.gather(
        asyncio.create_task(group_body_then_exit(), name="group"),
        asyncio.create_task(gather_later(), name="gathering"),
        asyncio.create_task(shield_later(), name="guard"),
        asyncio.create_task(as_completed_later(), name="completing"),
    )
    print("done")


asyncio.run(main())
