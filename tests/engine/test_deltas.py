"""Snapshot deltas: what the front end rebuilds from them equals a snapshot described afresh.

At every pause the debuggee sends a ``delta`` (after the first, whole, snapshot), made from the
task and timer entries it cached and re-described only where something may have changed
(``loopscope.engine.incremental``). ``session.Debuggee`` rebuilds the whole snapshot from it
(``loopscope.reassemble``). The ``snapshot`` command answers with a snapshot described afresh by
``snapshot.build``, without touching that cache: so at every pause of every program below, the
two must be equal, field for field. That is the proof that nothing the cache skips could have
changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from loopscope.reassemble import DeltaError, Reassembler

from ._support import PROGRAMS as PROGRAM_DIR
from ._support import ROOT, SAMPLES
from .test_interactive import Driver

CORPUS = ROOT / "tests" / "corpus"

#: Programs with many kinds of waits: sleeps and timers, gather, TaskGroup, queues (join),
#: locks, events, cancellation, wait_for, finished tasks collected, callbacks.
PROGRAMS = [
    SAMPLES / "queue_workers.py",
    SAMPLES / "producer_consumer.py",
    SAMPLES / "taskgroup_failure.py",
    SAMPLES / "gather_vs_sequential.py",
    SAMPLES / "deadlock.py",
    CORPUS / "gather_basic.py",
    CORPUS / "cancel_sleeping_task.py",
    CORPUS / "condition_notify.py",
    CORPUS / "future_call_later.py",
    CORPUS / "many_tasks.py",
    CORPUS / "as_completed.py",
    CORPUS / "lock.py",
    CORPUS / "call_soon_later_at.py",
    CORPUS / "equal_deadlines.py",
]

#: Programs whose await edges change while other tasks run (``engine/edgecache.py`` keeps the
#: edges and finds again only those around the tasks that ran).
AWAITING = [
    PROGRAM_DIR / "await_changes.py",
    PROGRAM_DIR / "await_tree.py",
    CORPUS / "shield.py",
    CORPUS / "task_awaits_task.py",
    CORPUS / "wait_first_completed.py",
    CORPUS / "wait_for_timeout.py",
    CORPUS / "gather_error_propagates.py",
    CORPUS / "taskgroup_error.py",
]


def _walk(driver: Driver, command: str, limit: int) -> int:
    """Pause by pause: the rebuilt snapshot must equal a fresh one. Returns the pauses seen."""
    pauses = 0
    event = driver.pause()
    while True:
        assert "delta" not in event  # Debuggee hands out whole snapshots only
        rebuilt = event["snapshot"]
        driver.send("snapshot")
        fresh = driver.pause()["snapshot"]
        assert rebuilt == fresh, (pauses, _first_difference(rebuilt, fresh))
        driver.events.clear()  # 150 whole snapshots of 2,000 tasks would be 600 MB
        pauses += 1
        if pauses >= limit:
            return pauses
        driver.send("continue" if event["reason"] == "deadlock" else command)
        try:
            event = driver.pause()
        except AssertionError:  # the program ended
            return pauses


def _first_difference(a: dict[str, Any], b: dict[str, Any]) -> str:
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            if key == "tasks":
                for x, y in zip(a[key], b[key], strict=False):
                    if x != y:
                        return f"task {x.get('id')}: {x} != {y}"
                return f"task ids {[t['id'] for t in a[key]]} != {[t['id'] for t in b[key]]}"
            return f"{key}: {json.dumps(a.get(key))[:300]} != {json.dumps(b.get(key))[:300]}"
    return "?"


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: Path(p).stem)
def test_rebuilt_snapshots_equal_fresh_ones(program: Path, start: Any) -> None:
    driver = start(str(program))
    assert _walk(driver, "step", limit=150) > 1


@pytest.mark.parametrize("program", PROGRAMS[:6], ids=lambda p: Path(p).stem)
def test_rebuilt_snapshots_equal_fresh_ones_by_callback(program: Path, start: Any) -> None:
    driver = start(str(program))
    assert _walk(driver, "step_callback", limit=150) > 1


@pytest.mark.parametrize("command", ["step", "step_callback"])
@pytest.mark.parametrize("program", AWAITING, ids=lambda p: Path(p).stem)
def test_kept_await_edges_equal_fresh_ones(program: Path, command: str, start: Any) -> None:
    driver = start(str(program))
    assert _walk(driver, command, limit=150) > 1


def test_the_stream_carries_deltas_and_they_are_small(start: Any) -> None:
    """Raw events: the first pause is whole, the next ones are deltas of a few entries."""
    driver = start(str(CORPUS / "many_tasks.py"))
    driver.debuggee.reassembler = None  # see the stream as sent
    first = driver.pause()
    assert "snapshot" in first and "delta" not in first
    driver.send("step")  # main creates 2,000 tasks: a big delta
    assert len(driver.pause()["delta"]["tasks"]) == 2001
    driver.send("step")  # one worker runs: it, the next one and nothing else
    third = driver.pause()
    assert "delta" in third and "snapshot" not in third
    assert [t["id"] for t in third["delta"]["tasks"]] == ["T2", "T3"]
    driver.send("snapshot")
    whole = driver.pause()
    assert len(json.dumps(third)) * 100 < len(json.dumps(whole))


def test_a_continue_is_followed_by_a_whole_snapshot(start: Any) -> None:
    driver = start(str(SAMPLES / "producer_consumer.py"),
                   breaks=[f"{SAMPLES}/producer_consumer.py:35"])
    driver.debuggee.reassembler = None
    driver.pause()
    driver.send("step")
    assert "delta" in driver.pause()
    driver.send("continue")
    assert "snapshot" in driver.pause()


def test_reassembler_refuses_a_delta_without_a_base() -> None:
    with pytest.raises(DeltaError, match="before any whole snapshot"):
        Reassembler().event({"kind": "paused", "reason": "step", "delta": {"set": {}}})


def test_reassembler_applies_sections_tasks_and_timers() -> None:
    one = {"id": "T1", "name": "a"}
    two = {"id": "T2", "name": "b"}
    base = {"step": 1, "t": 0.0, "tasks": [one, two], "ready": [], "last": None,
            "timers": [{"when": 5.0, "left": 5.0, "what": "task a", "task_id": "T1"}]}
    r = Reassembler()
    assert r.event({"kind": "paused", "reason": "step", "snapshot": base})["snapshot"] is base
    three = {"id": "T3", "name": "c"}
    out = r.event({"kind": "paused", "reason": "step", "delta": {
        "set": {"step": 2, "t": 1.0, "extra": [1]}, "unset": ["last"], "tasks": [three],
        "gone": ["T1"], "splice": {"timers": [[1, 0, [{"when": 7.0, "what": "f()",
                                                         "task_id": None}]]],
                                   "ready": [[0, 0, ["r"]]]}}})
    assert "delta" not in out
    snap = out["snapshot"]
    assert snap == {"step": 2, "t": 1.0, "extra": [1], "ready": ["r"], "tasks": [two, three],
                    "timers": [{"when": 5.0, "left": 4.0, "what": "task a", "task_id": "T1"},
                               {"when": 7.0, "left": 6.0, "what": "f()", "task_id": None}]}
    assert snap["tasks"][0] is two  # unchanged entries are shared, not copied
    assert base["ready"] == []  # snapshots handed out are never changed
    with pytest.raises(DeltaError, match="does not fit"):
        r.event({"kind": "paused", "reason": "step", "delta": {"splice": {"timers": [[5, 1, []]]}}})


def test_reassembler_shows_each_whole_snapshot_and_no_delta() -> None:
    seen: list[dict[str, Any]] = []
    r = Reassembler(seen.append)
    first = {"step": 1, "tasks": [{"id": "T1"}], "timers": []}
    r.event({"kind": "paused", "reason": "step", "snapshot": first})
    r.event({"kind": "paused", "reason": "step", "delta": {"set": {"step": 2}}})
    r.event({"kind": "switch", "task_id": "T1"})
    second = {"step": 9, "tasks": [], "timers": []}
    r.event({"kind": "progress", "snapshot": second})
    assert seen == [first, second] and seen[0] is first and seen[1] is second


@pytest.mark.parametrize(("old", "new"), [
    ([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7]),
    ([1, 2, 3, 4, 5, 6], [9, 3, 4, 5, 6, 7, 8]),
    ([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 7]),
    ([1, 2, 3, 4, 5, 6], [1, 2, 4, 5, 6]),
    ([1, 2, 3], [4, 5, 6]),
    ([], [1]),
    ([1], []),
])
def test_list_edits_rebuild_the_new_list(old: list[int], new: list[int]) -> None:
    from loopscope.protocol import list_ops
    from loopscope.reassemble import splice

    ops = list_ops(old, new)
    if ops is not None:
        assert splice(list(old), ops) == new
        assert sum(len(op[2]) for op in ops) == len(set(new) - set(old))
