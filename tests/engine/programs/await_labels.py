"""Each way a task can wait for others, alone, with the await edges loopscope gives for it.

Run as a script by any CPython 3.11+ with loopscope importable: prints one JSON object,
``{case: [[awaiter, via, awaited], ...]}``, the edges (sorted, by task names) seen when every
task of the case has started and waits. ``test_awaitgraph`` imports ``CASES`` and ``edges_of``
too, to run them in the interpreter of the tests.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from loopscope.engine import awaitgraph
from loopscope.engine.snapshot import TaskRegistry


async def leaf() -> None:
    await asyncio.sleep(100)


def child(name: str) -> asyncio.Task[None]:
    return asyncio.create_task(leaf(), name=name)


async def plain_await() -> None:
    await child("c1")


async def gather() -> None:
    await asyncio.gather(child("c1"), child("c2"))


async def nested_gather() -> None:
    await asyncio.gather(asyncio.gather(child("c1")), child("c2"))


async def gather_not_yet_awaited() -> None:
    both = asyncio.gather(child("c1"), child("c2"), return_exceptions=True)
    await asyncio.sleep(100)
    await both


async def as_completed_loop() -> None:
    for next_done in asyncio.as_completed([child("c1"), child("c2")]):
        await next_done


async def as_completed_async_for() -> None:
    results: Any = asyncio.as_completed([child("c1"), child("c2")])  # an async iterator: 3.13+
    async for done in results:
        await done


async def as_completed_not_yet_awaited() -> None:
    results = asyncio.as_completed([child("c1"), child("c2")])
    await asyncio.sleep(100)
    for next_done in results:
        await next_done


async def taskgroup_exit() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(leaf(), name="c1")
        group.create_task(leaf(), name="c2")


async def taskgroup_body() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(leaf(), name="c1")
        await asyncio.sleep(100)


async def wait_for() -> None:
    await asyncio.wait_for(child("c1"), timeout=1000)


async def shield() -> None:
    await asyncio.shield(child("c1"))


async def shield_not_yet_awaited() -> None:
    shielded = asyncio.shield(child("c1"))
    await asyncio.sleep(100)
    await shielded


async def wait() -> None:
    await asyncio.wait([child("c1"), child("c2")], return_when=asyncio.FIRST_COMPLETED)


async def timeout_block() -> None:
    async with asyncio.timeout(1000):
        await child("c1")


#: name -> the coroutine function run as task ``A``.
CASES: dict[str, Callable[[], Awaitable[None]]] = {
    "await": plain_await, "gather": gather, "nested_gather": nested_gather,
    "gather_not_yet_awaited": gather_not_yet_awaited, "as_completed": as_completed_loop,
    "as_completed_async_for": as_completed_async_for,
    "as_completed_not_yet_awaited": as_completed_not_yet_awaited,
    "taskgroup": taskgroup_exit, "taskgroup_body": taskgroup_body, "wait_for": wait_for,
    "shield": shield, "shield_not_yet_awaited": shield_not_yet_awaited, "wait": wait,
    "timeout": timeout_block,
}
if sys.version_info < (3, 13):  # as_completed is no async iterator before 3.13
    del CASES["as_completed_async_for"]


def edges_of(case: str) -> list[list[str]]:
    """The edges of ``case`` once its tasks all wait, as ``[awaiter, via, awaited]``."""
    return asyncio.run(_edges(CASES[case]))


async def _edges(body: Callable[[], Awaitable[None]]) -> list[list[str]]:
    loop = asyncio.get_running_loop()

    async def run() -> None:
        await body()

    main = asyncio.create_task(run(), name="A")
    for _ in range(5):  # every task started and waiting
        await asyncio.sleep(0)
    registry = TaskRegistry()
    for task in sorted(asyncio.all_tasks(loop), key=lambda t: t.get_name()):
        registry.id_of(task)
    name: dict[str, Any] = {registry.id_of(t): t.get_name() for t in asyncio.all_tasks(loop)}
    found = sorted([name[e["task_id"]], e["via"], name[e["awaits"]]]
                   for e in awaitgraph.await_edges(loop, registry))
    others = [t for t in asyncio.all_tasks(loop) if t is not asyncio.current_task()]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)
    assert main.done()
    return found


if __name__ == "__main__":
    print(json.dumps({case: edges_of(case) for case in CASES}, sort_keys=True))
