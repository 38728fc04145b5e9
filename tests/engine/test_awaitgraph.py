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

