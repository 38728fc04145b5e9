"""The await graph in the snapshot: who awaits whom, and through what.

``snapshot["awaits"]`` lists an edge for each pending task that awaits another one: a plain
``await task``, the children of a ``gather``, the tasks of a ``TaskGroup``, the inner task of
``wait_for`` and of ``shield``. The same edges on 3.11, 3.12 and 3.13.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ._support import PROGRAMS, normalize
from .test_interactive import Driver


@pytest.fixture
def await_tree() -> Iterator[Driver]:
    driver = Driver(str(PROGRAMS / "await_tree.py"))
    yield driver
    driver.close()


def _idle(driver: Driver) -> dict[str, Any]:
    """Step until the ready queue runs dry (every task has started and waits)."""
    paused = driver.pause()
    while paused["reason"] != "idle":
        paused = driver.step()
    return paused


def test_await_gather_taskgroup_wait_for_and_shield_edges(await_tree: Driver) -> None:
    snap = _idle(await_tree)["snapshot"]
    names = {t["id"]: t["name"] for t in snap["tasks"]}
    edges = normalize([(names[e["task_id"]], e["via"], names[e["awaits"]])
                       for e in snap["awaits"]])
    assert [tuple(edge) for edge in edges] == [
        ("Task-#", "gather", "awaited"),
        ("Task-#", "gather", "watcher"),
        ("Task-#", "gather", "owner"),
        ("Task-#", "gather", "guard"),
        ("Task-#", "gather", "timer"),
        ("watcher", "await", "awaited"),
        ("owner", "TaskGroup", "in-group-1"),
        ("owner", "TaskGroup", "in-group-2"),
        ("guard", "shield", "shielded"),
        ("timer", "wait_for", "timed-inner"),
    ]



def test_the_python_3_14_call_graph_gives_the_same_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``asyncio.capture_call_graph`` exists (3.14+) it is asked instead of following
    done-callbacks; fed the same links, the edges and their labels are the same."""
    import asyncio
    from types import SimpleNamespace

    from loopscope.engine import awaitgraph
    from loopscope.engine.snapshot import TaskRegistry

    async def leaf() -> None:
        await asyncio.sleep(1)

    async def owner() -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(leaf(), name="in-group")

    async def main() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        async def gathers() -> None:
            await asyncio.gather(asyncio.create_task(owner(), name="owner"),
                                 asyncio.create_task(leaf(), name="plain"))

        gathering = asyncio.create_task(gathers(), name="gathering")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        loop = asyncio.get_running_loop()
        registry = TaskRegistry()
        for task in sorted(asyncio.all_tasks(loop), key=lambda t: t.get_name()):
            registry.id_of(task)
        walked = awaitgraph.await_edges(loop, registry)
        awaiters: dict[str, list[object]] = {}
        for edge in walked:
            awaiters.setdefault(edge["awaits"], []).append(registry.get(edge["task_id"]))

        def capture(task: object, depth: int = 1) -> object:
            ids = registry.id_of(task)
            return SimpleNamespace(future=task, awaited_by=[
                SimpleNamespace(future=a, awaited_by=[]) for a in awaiters.get(ids, [])])

        monkeypatch.setattr(asyncio, "capture_call_graph", capture, raising=False)
        captured = awaitgraph.await_edges(loop, registry)
        gathering.cancel()
        try:
            await gathering
        except asyncio.CancelledError:
            pass
        return walked, captured

    walked, captured = asyncio.run(main())
    assert {e["via"] for e in walked} == {"gather", "TaskGroup"}
    assert captured == walked
