"""loopscope.history: every pause kept, exactly, in bounded memory."""

from __future__ import annotations

import copy
import random
import sys

import pytest

from loopscope.history import Entry, History, share


def _snapshots(count: int, tasks: int = 10, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    live = [{"id": f"T{i}", "name": f"N{i}", "line": 1, "chain": [{"line": 1}]}
            for i in range(tasks)]
    serial = tasks
    out = []
    for step in range(count):
        live = [dict(t) for t in live]
        moved = rng.randrange(len(live))
        live[moved]["line"] = step
        live[moved]["chain"] = [{"line": step}]
        if step % 7 == 0:
            serial += 1
            live.append({"id": f"T{serial}", "name": "new", "line": 0, "chain": []})
        if step % 11 == 0 and len(live) > 2:
            live.pop(rng.randrange(len(live)))
        if step % 97 == 0:
            rng.shuffle(live)  # an order change must survive packing too
        out.append({"step": step, "t": step / 10, "tasks": [dict(t) for t in live],
                    "ready": [{"what": f"step {live[0]['id']}"}], "timers": []})
    return out


def test_every_entry_reads_back_exactly_as_appended() -> None:
    history = History(hot=16, keyframe_every=8)
    snapshots = _snapshots(500)
    for step, snapshot in enumerate(snapshots):
        history.append(Entry(copy.deepcopy(snapshot), "step", f"sentence {step}", step * 3))
    assert len(history) == 500 and history.first == 0 and history.end == 500
    for number in reversed(range(500)):  # walking back, as `left` does
        entry = history.get(number)
        assert entry.snapshot == snapshots[number]
        assert (entry.reason, entry.narration, entry.output_mark) == (
            "step", f"sentence {number}", number * 3)
    assert [e.snapshot["step"] for e in history] == list(range(500))


def test_the_limit_drops_the_oldest_entries() -> None:
    history = History(limit=100, hot=16, keyframe_every=8)
    snapshots = _snapshots(1000)
    for snapshot in snapshots:
        history.append(Entry(copy.deepcopy(snapshot), "step", "", 0))
        assert len(history) <= 100
    assert history.end == 1000
    assert history.first >= 900
    assert history.get(history.first).snapshot == snapshots[history.first]
    assert history.get(999).snapshot == snapshots[999]
    with pytest.raises(KeyError):
        history.get(history.first - 1)


def test_a_limit_smaller_than_the_hot_window() -> None:
    history = History(limit=3)
    for snapshot in _snapshots(10):
        history.append(Entry(snapshot, "step", "", 0))
    assert [e.snapshot["step"] for e in history] == [7, 8, 9]


def test_unchanged_tasks_are_shared_with_the_previous_snapshot() -> None:
    first = {"tasks": [{"id": "T1", "line": 1}, {"id": "T2", "line": 2}]}
    second = {"tasks": [{"id": "T1", "line": 1}, {"id": "T2", "line": 3}]}
    share(second, first)
    assert second["tasks"][0] is first["tasks"][0]
    assert second["tasks"][1] is not first["tasks"][1]


def test_packed_history_is_small() -> None:
    """100 tasks, 5,000 steps: well under the 150 MB per 100,000 steps of issue 6."""
    history = History(hot=64)
    for snapshot in _snapshots(5000, tasks=100):
        history.append(Entry(snapshot, "step", "a sentence of narration", 0))
    packed = sum(sys.getsizeof(item.blob) for item in history._items
                 if not isinstance(item, Entry))
    per_step = packed / (5000 - 64)
    assert per_step < 1000, per_step
