"""RunState and OutputLines: events folded into what the screen shows (no Textual)."""

from __future__ import annotations

import pytest

from loopscope.ui.app import history_limit
from loopscope.ui.state import OutputLines, RunState


def test_output_lines_keep_streams_apart_and_remember_marks() -> None:
    out = OutputLines()
    out.write("stdout", "a")
    mark_a = out.end
    out.write("stdout", "b\nc\n")
    out.write("stderr", "oops\n")
    out.write("stdout", "d")
    assert out.visible() == [("stdout", "ab"), ("stdout", "c"), ("stderr", "oops"),
                             ("stdout", "d")]
    assert out.visible(mark_a) == [("stdout", "a")]
    assert out.visible(0) == []


def test_output_lines_are_bounded() -> None:
    out = OutputLines(limit=3)
    for n in range(10):
        out.write("stdout", f"{n}\n")
    assert out.visible() == [("stdout", "7"), ("stdout", "8"), ("stdout", "9")]


def _snap(step: int, switches: int, tasks: list[dict]) -> dict:
    return {"step": step, "switches": switches, "t": 0.0, "tasks": tasks, "ready": [],
            "timers": [], "last": None}


def test_pauses_become_history_entries_with_their_output_mark() -> None:
    run = RunState()
    task = {"id": "T1", "name": "main", "state": "ready", "file": "x.py", "line": 1}
    run.apply_all([{"kind": "hello"}, {"kind": "paused", "reason": "step",
                                      "snapshot": _snap(0, 0, [task])}])
    assert run.status == "paused" and run.pauses == 1
    changes = run.apply_all([
        {"kind": "resumed", "mode": "step"},
        {"kind": "output", "stream": "stdout", "text": "hi\n"},
        {"kind": "switch", "step": 1, "switch": 1, "task_id": "T1", "task": "main",
         "file": "x.py", "line": 2, "from_file": "x.py", "from_line": 1, "t": 0.0},
        {"kind": "paused", "reason": "step", "snapshot": _snap(1, 1, [task])},
    ])
    assert changes.entry and changes.output
    assert [e.output_mark for e in run.history] == [0, 3]


def test_the_end_keeps_a_final_state() -> None:
    run = RunState()
    task = {"id": "T1", "name": "main", "state": "ready", "file": "/p/x.py", "line": 1}
    run.apply_all([
        {"kind": "paused", "reason": "step", "snapshot": _snap(0, 0, [task])},
        {"kind": "resumed", "mode": "continue"},
        {"kind": "switch", "step": 3, "switch": 2, "task_id": "T1", "task": "main",
         "file": None, "line": None, "from_file": "/p/x.py", "from_line": 9, "t": 2.0,
         "done": True},
        {"kind": "task_done", "task_id": "T1", "task": "main", "outcome": "result",
         "detail": "None"},
        {"kind": "exit", "code": 0},
        {"kind": "ended", "code": 0},
    ])
    assert run.state_word() == "finished (exit 0)"
    final = run.history.latest
    assert final is not None and final.reason == "final"
    assert final.snapshot["tasks"][0]["state"] == "done"
    assert final.snapshot["step"] == 3 and final.snapshot["t"] == 2.0
    assert final.snapshot["where"] == {"file": "/p/x.py", "line": 9}


def test_died_without_exit_and_crashed() -> None:
    run = RunState()
    run.apply_all([{"kind": "paused", "reason": "step", "snapshot": _snap(0, 0, [])},
                   {"kind": "ended", "code": 137, "signal": "SIGKILL"}])
    assert run.state_word() == "died (SIGKILL)"
    run = RunState()
    run.apply_all([{"kind": "paused", "reason": "step", "snapshot": _snap(0, 0, [])},
                   {"kind": "exception", "type": "ValueError", "message": "x", "file": "a.py",
                    "line": 3},
                   {"kind": "exit", "code": 1}, {"kind": "ended", "code": 1}])
    assert run.state_word() == "crashed (exit 1)"
    final = run.history.latest
    assert final is not None and final.snapshot["exception"]["line"] == 3


def test_a_paused_loop_is_never_blocked() -> None:
    """Engine workaround: the watchdog reports the paused loop as blocked."""
    run = RunState()
    run.apply_all([{"kind": "paused", "reason": "step", "snapshot": _snap(0, 0, [])},
                   {"kind": "blocked", "seconds": 0.1, "ongoing": True, "file": "a", "line": 1},
                   {"kind": "resumed", "mode": "step"},
                   {"kind": "blocked", "seconds": 3.0, "ongoing": False, "file": None,
                    "line": None}])
    assert run.status == "running" and run.blocked is None
    run.apply_all([{"kind": "blocked", "seconds": 0.1, "ongoing": True, "file": "a",
                    "line": 5}])
    assert run.status == "blocked"


def test_loopscope_notices_go_to_output_marked_as_ours() -> None:
    run = RunState()
    changes = run.apply_all([{"kind": "message", "text": "loopscope: stopped at the limit"}])
    assert changes.output
    assert run.output.visible() == [("loopscope", "loopscope: stopped at the limit")]


def test_history_limit_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOPSCOPE_HISTORY", "250")
    assert history_limit() == 250
    monkeypatch.setenv("LOOPSCOPE_HISTORY", "lots")
    assert history_limit() == 100_000


def test_after_a_free_continue_the_end_lists_every_task_seen() -> None:
    """The engine's final snapshot lists only the tasks still in memory: the others are listed
    as last seen, those whose end nobody reported as not followed, and the counts and the
    time are the final snapshot's."""
    run = RunState()
    main = {"id": "T1", "name": "main", "state": "ready", "file": "/p/x.py", "line": 1}
    worker = {"id": "T2", "name": "worker", "coro": "work", "state": "waiting",
              "file": "/p/x.py", "line": 5}
    shutdown = {"id": "T4", "name": "Task-4", "state": "done", "outcome": "returned None",
                "internal": True}
    run.apply_all([
        {"kind": "paused", "reason": "step", "snapshot": _snap(0, 0, [main])},
        {"kind": "resumed", "mode": "continue"},
        {"kind": "task_created", "task_id": "T2", "task": "worker", "coro": "work"},
        {"kind": "progress", "snapshot": _snap(40, 20, [main, worker])},
        {"kind": "task_created", "task_id": "T3", "task": "helper", "coro": "help"},
        {"kind": "task_done", "task_id": "T3", "task": "helper", "outcome": "exception",
         "detail": "KeyError: 'x'"},
        {"kind": "progress", "final": True,
         "snapshot": {**_snap(90, 41, [shutdown]), "t": 12.5}},
        {"kind": "exit", "code": 0, "switches": 41},
        {"kind": "ended", "code": 0},
    ])
    final = run.history.latest
    assert final is not None and final.reason == "final"
    snap = final.snapshot
    assert (snap["step"], snap["switches"], snap["t"], snap["where"]) == (90, 41, 12.5, None)
    assert [(t["id"], t["name"], t["state"], t["outcome"]) for t in snap["tasks"]] == [
        ("T1", "main", "ended", "ran freely: not followed"),
        ("T2", "worker", "ended", "ran freely: not followed"),
        ("T3", "helper", "failed", "KeyError: 'x'"),
        ("T4", "Task-4", "done", "returned None"),
    ]
    assert snap["tasks"][1]["coro"] == "work" and snap["tasks"][1]["file"] is None


def test_a_program_that_dies_leaves_its_tasks_ended_not_reported() -> None:
    run = RunState()
    main = {"id": "T1", "name": "main", "state": "waiting", "file": "/p/x.py", "line": 3}
    run.apply_all([
        {"kind": "paused", "reason": "step", "snapshot": _snap(4, 2, [main])},
        {"kind": "resumed", "mode": "continue"},
        {"kind": "ended", "code": 137, "signal": "SIGKILL"},
    ])
    final = run.history.latest
    assert final is not None
    assert [(t["state"], t["outcome"]) for t in final.snapshot["tasks"]] == [
        ("ended", "ended (not reported)")]
    assert final.snapshot["step"] is None  # ran freely, no final snapshot: unknown
