"""The Source gutter's task marks, kept up to date by identity, equal a walk of every task."""

from __future__ import annotations

import random
from typing import Any

from loopscope.ui.view import MarksCache, line_marks, list_changes


def _keys(marks: dict[int, Any]) -> dict[int, Any]:
    return {line: mark.key() for line, mark in marks.items()}


def _entry(serial: int, rng: random.Random) -> dict[str, Any]:
    return {"id": f"T{serial}", "name": f"task {serial}",
            "state": rng.choice(("ready", "waiting", "waiting", "done", "cancelled")),
            "file": rng.choice(("a.py", "b.py")), "line": rng.choice((0, 3, 4, 4, 7)),
            "next": rng.random() < 0.05}


def test_marks_follow_snapshots_that_share_entries() -> None:
    rng = random.Random(6)
    tasks = [_entry(serial, rng) for serial in range(1, 40)]
    history = []
    cache = MarksCache()
    for _ in range(300):
        tasks = list(tasks)  # a new snapshot: unchanged entries are the same objects
        for _ in range(rng.randint(0, 4)):
            at = rng.randrange(len(tasks))
            tasks[at] = {**_entry(0, rng), "id": tasks[at]["id"], "name": tasks[at]["name"]}
        if rng.random() < 0.2:
            tasks.append(_entry(int(tasks[-1]["id"][1:]) + 1, rng))
        if rng.random() < 0.2:
            del tasks[rng.randrange(len(tasks))]
        snapshot = {"tasks": tasks}
        history.append(snapshot)
        # The next snapshot, or now and then one from the past (a history visit).
        shown = snapshot if rng.random() < 0.8 else rng.choice(history)
        for file in ("a.py", "b.py"):
            assert _keys(cache.task_marks(shown, file)) == _keys(
                line_marks(shown["tasks"], file))
        # The same walk of the changes finds each task by id, and no task that is not there.
        for serial in range(0, int(tasks[-1]["id"][1:]) + 2):
            task_id = f"T{serial}"
            expected = next((t for t in shown["tasks"] if t["id"] == task_id), None)
            assert cache.task(shown, task_id) is expected


def test_many_tasks_on_one_line_name_the_next_first() -> None:
    tasks = [{"id": f"T{i}", "name": f"t{i}", "state": "waiting", "file": "a.py", "line": 5,
              "next": i == 9} for i in range(1, 11)]
    marks = MarksCache().task_marks({"tasks": tasks}, "a.py")
    assert marks[5].key() == (10, ("t9", "t1", "t2", "t3"), True)


def test_ids_without_serial_keep_list_order() -> None:
    tasks = [{"id": name, "name": name, "state": "ready", "file": "a.py", "line": 1}
             for name in ("b", "a", "c")]
    assert MarksCache().task_marks({"tasks": tasks}, "a.py")[1].key() == (3, ("b", "a", "c"),
                                                                          False)


def test_list_changes_by_identity() -> None:
    a, b, c, d, e = ({"n": n} for n in range(5))
    c2 = {"n": 2}
    assert list_changes([a, b, c, d], [a, b, c2, d]) == ([c], [c2])
    assert list_changes([a, b, c, d], [a, c, d, e]) == ([b, c, d], [c, d, e])  # moved: both
    assert list_changes([a, b, c, d], [a, c2, d]) == ([b, c], [c2])
    assert list_changes([a, b], [a, b, e]) == ([], [e])
    assert list_changes([a, b, e], [b, e]) == ([a], [])
    assert list_changes([], [a]) == ([], [a])
