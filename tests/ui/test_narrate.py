"""The narration sentences, pinned (technical vocabulary)."""

from __future__ import annotations

from loopscope import narrate


def _task(tid: str, name: str, **fields: object) -> dict:
    return {"id": tid, "name": name, "state": "waiting", "awaiting": "", **fields}


def test_first_pause() -> None:
    snap = {"switches": 0, "t": 0.0, "tasks": [_task("T1", "Task-1", state="ready")],
            "ready": [{"kind": "task", "task": "Task-1", "task_id": "T1", "why": "call_soon"}]}
    assert narrate.narrate(snap) == "Paused before the first switch; next: Task-1"


def test_a_task_awaits_sleep() -> None:
    previous = {"switches": 1, "t": 0.0, "last": None}
    snap = {
        "switches": 2, "t": 0.0,
        "tasks": [_task("T2", "Two", awaiting="sleep(10) until t=10")],
        "ready": [{"kind": "task", "task": "One", "task_id": "T3", "why": "call_soon"}],
        "last": {"task_id": "T2", "task": "Two", "done": False, "created": []},
    }
    assert narrate.narrate(snap, previous) == (
        "Two awaited sleep(10): a timer is set for t=10.0; next: One")


def test_creation_finishing_and_the_clock() -> None:
    previous = {"switches": 5, "t": 2.0}
    snap = {
        "switches": 6, "t": 3.0,
        "tasks": [_task("T5", "Table 4", state="done", outcome="returned None")],
        "ready": [{"kind": "task", "task": "Table 1", "task_id": "T2",
                   "why": "timer fired at t=3"}],
        "last": {"task_id": "T5", "task": "Table 4", "done": True, "created": []},
    }
    events = [{"kind": "switch", "t": 2.0}, {"kind": "clock_jumped", "from": 2.0, "to": 3.0}]
    assert narrate.narrate(snap, previous, "step", events) == (
        "Table 4 finished (returned None); then the clock moved to t=3.0; "
        "next: Table 1, woken by its timer")
    snap["last"] = {"task_id": "T5", "task": "Main", "done": False, "created": ["a", "b"]}
    snap["tasks"] = [_task("T5", "Main", awaiting="gather(2 tasks, 0 done)")]
    assert narrate.narrate(snap, previous, "step", [{"kind": "switch", "t": 3.0}]) == (
        "The clock moved to t=3.0; Main created 2 tasks and awaited gather(2 tasks, 0 done): "
        "it waits for them all to finish; next: Table 1, woken by its timer")


def test_callbacks_breakpoints_pauses_and_idle() -> None:
    previous = {"switches": 3, "t": 1.0}
    snap = {"switches": 3, "t": 1.0, "tasks": [], "ready": [], "timers": [
        {"when": 5.0, "what": "task B"}], "last": {"task": "A"}}
    events = [{"kind": "callback", "what": "wake sleeper"}]
    assert narrate.narrate(snap, previous, "step_callback", events) == (
        "The loop ran the callback wake sleeper; nothing is ready: the loop sleeps until "
        "t=5.0, when the timer wakes task B")
    snap2 = {"switches": 9, "t": 1.0, "tasks": [_task("T1", "A", awaiting="Queue.get()")],
             "ready": [], "last": {"task_id": "T1", "task": "A", "created": []}}
    assert narrate.narrate(snap2, previous, "breakpoint at line 7: task A resumed there") == (
        "Breakpoint at line 7: after 6 switches, A awaited Queue.get(): it waits for an item; "
        "nothing is ready, and nothing can wake the waiting tasks")
    snap3 = dict(snap2, last=None)
    assert narrate.narrate(snap3, previous, "pause").startswith(
        "Paused: the loop made 6 switches;")


def test_deadlock_and_endings() -> None:
    snap = {"tasks": [_task("T1", "Alice", awaiting="Event.wait()"),
                      _task("T2", "Bob", awaiting="Event.wait()")]}
    assert narrate.narrate(snap, {}, "deadlock") == (
        "Deadlock: no task can ever run again (Alice waits for Event.wait(); "
        "Bob waits for Event.wait())")
    assert narrate.ended(0) == "The program has finished (exit 0); press r to restart"
    assert narrate.ended(137, "SIGKILL") == (
        "The program was killed by SIGKILL; press r to restart")
    assert narrate.ended(1, exception={"type": "KeyError", "message": "'x'", "line": 4}) == (
        "The program crashed with KeyError: 'x' at line 4 (exit 1); press r to restart")


def test_blocked() -> None:
    assert narrate.blocked({"task": "W", "line": 9, "ongoing": True, "seconds": 0.2}) == (
        "The loop is blocked: task W holds it at line 9; it will pause when that step gives "
        "the loop back")
    assert narrate.blocked({"task": "W", "line": 9, "call": "time.sleep", "seconds": 0.5}) == (
        "The loop was blocked: task W called time.sleep(0.5) at line 9; no other task could "
        "run meanwhile")


def test_fmt_t() -> None:
    assert [narrate.fmt_t(v) for v in (3, 3.0, 0.25, 17.0, 1e-06)] == [
        "3.0", "3.0", "0.25", "17.0", "0.000001"]
