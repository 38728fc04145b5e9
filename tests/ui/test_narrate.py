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


# -- the waiter vocabulary: every event kind that tells a story, both ways -----------------------

W = narrate.WAITER


def _both(*args: object, **kwargs: object) -> tuple[str, str]:
    return (narrate.narrate(*args, **kwargs),  # type: ignore[arg-type]
            narrate.narrate(*args, vocabulary=W, **kwargs))  # type: ignore[arg-type]


def test_switch_the_example_of_issue_4() -> None:
    previous = {"switches": 1, "t": 0.0, "last": None}
    snap = {
        "switches": 2, "t": 0.0,
        "tasks": [_task("T2", "Two", awaiting="sleep(10) until t=10")],
        "ready": [{"kind": "task", "task": "One", "task_id": "T3", "why": "call_soon"}],
        "last": {"task_id": "T2", "task": "Two", "done": False, "created": []},
    }
    assert _both(snap, previous) == (
        "Two awaited sleep(10): a timer is set for t=10.0; next: One",
        "The waiter leaves table Two with an order sheet; it will be ready at t=10.0. "
        "He goes to table One, which is ready to order.")


def test_first_pause_task_created_and_task_done() -> None:
    snap = {"switches": 0, "t": 0.0, "tasks": [_task("T1", "Task-1", state="ready")],
            "ready": [{"kind": "task", "task": "Task-1", "task_id": "T1", "why": "call_soon"}]}
    assert narrate.narrate(snap, vocabulary=W) == (
        "The waiter is about to start his round. He goes to table Task-1, which is ready to "
        "order.")
    previous = {"switches": 0, "t": 0.0}
    created = [{"kind": "task_created", "task_id": "T2", "parent_id": "T1"},
               {"kind": "switch", "task_id": "T1", "t": 0.0}]
    snap = {"switches": 1, "t": 0.0, "tasks": [_task("T1", "Main", awaiting="task Table 1")],
            "ready": [{"kind": "task", "task": "Table 1", "task_id": "T2", "why": "x"}],
            "last": {"task_id": "T1", "task": "Main", "done": False}}
    assert _both(snap, previous, "step", created) == (
        "Main created 1 task and awaited task Table 1: it waits for task Table 1 to finish; "
        "next: Table 1",
        "Table Main seats 1 new table; the waiter leaves it: it waits until table 1 has been "
        "served. He goes to table 1, which is ready to order.")
    ends = {"returned 42": ("A finished (returned 42)",
                            "The waiter serves table A; it is done (returned 42)"),
            "cancelled": ("A was cancelled", "Table A is cancelled: it leaves without being served"),
            "ValueError: cold": ("A failed with ValueError: cold",
                                 "Table A leaves with a complaint: it failed with ValueError: "
                                 "cold")}
    for outcome, (technical, waiter) in ends.items():
        snap = {"switches": 1, "t": 0.0, "ready": [], "timers": [],
                "tasks": [_task("T1", "A", state="done", outcome=outcome)],
                "last": {"task_id": "T1", "task": "A", "done": True, "created": []}}
        assert _both(snap, previous) == (
            f"{technical}; nothing is left to run",
            f"{waiter}. Every table has been served: there is nothing left to do.")


def test_asyncio_s_own_tasks_are_named_for_what_they_do() -> None:
    previous = {"switches": 3, "t": 7.0}
    snap = {"switches": 4, "t": 7.0,
            "tasks": [_task("T1", "Task-1", state="done", outcome="returned None"),
                      _task("T6", "Task-6", state="ready", internal=True,
                            coro="BaseEventLoop.shutdown_asyncgens")],
            "ready": [{"kind": "task", "task": "Task-6", "task_id": "T6", "why": "call_soon"}],
            "last": {"task_id": "T1", "task": "Task-1", "done": True, "created": []}}
    assert _both(snap, previous) == (
        "Task-1 finished (returned None); next: Task-6, asyncio's own shutdown_asyncgens",
        "The waiter serves table Task-1; it is done (returned None). He goes to tidy up for "
        "asyncio (shutdown_asyncgens, Task-6).")
    snap["last"] = {"task_id": "T6", "task": "Task-6", "done": True, "created": []}
    snap["tasks"][1].update(state="done", outcome="returned None")
    snap["ready"] = []
    assert narrate.narrate(snap, previous, vocabulary=W) == (
        "The waiter has tidied up for asyncio (shutdown_asyncgens). Every table has been "
        "served: there is nothing left to do.")


def test_callbacks_clock_jumps_and_idle_pauses() -> None:
    previous = {"switches": 5, "t": 0.0}
    woken = {"kind": "task", "task": "Table 4", "task_id": "T5", "why": "timer fired at t=2"}
    snap = {"switches": 5, "t": 2.0, "tasks": [], "ready": [woken], "last": {"task": "x"}}
    jump = [{"kind": "clock_jumped", "from": 0.0, "to": 2.0},
            {"kind": "callback", "what": "wake sleeper"}]
    assert _both(snap, previous, "step", jump) == (
        "The clock moved to t=2.0; the loop ran the callback wake sleeper; next: Table 4, "
        "woken by its timer",
        "Time passes to t=2.0; a timer rings: an order sheet is due. He goes back to table 4, "
        "whose order is ready.")
    two = jump + [{"kind": "callback", "what": "wake sleeper"}]
    assert _both(snap, previous, "step", two)[1].startswith(
        "Time passes to t=2.0; 2 timers ring: 2 order sheets are due. ")
    errand = [{"kind": "callback", "what": "gather.<locals>._done_callback()"}]
    idle = {"switches": 5, "t": 0.0, "tasks": [], "ready": [], "last": {"task": "x"},
            "timers": [{"when": 3.0, "what": "task Table 1"}]}
    assert _both(idle, previous, "idle", errand) == (
        "The loop ran the callback gather.<locals>._done_callback(); nothing is ready: the "
        "loop sleeps until t=3.0, when the timer wakes task Table 1",
        "The waiter runs an errand (gather.<locals>._done_callback()). No table is ready: he "
        "waits until t=3.0, when the order sheet of table 1 is ready.")
    waits = {"io": ("the loop waits for I/O", "he waits for a delivery (I/O)"),
             "executor_pending": ("the loop waits for a worker thread",
                                  "he waits for the kitchen (a worker thread)")}
    for key, (technical, waiter) in waits.items():
        snap = {"tasks": [], "ready": [], "timers": [], key: [1]}
        assert narrate.why_idle(snap) == f"nothing is ready: {technical}"
        assert narrate.why_idle(snap, W) == f"No table is ready: {waiter}."
    stuck = {"tasks": [_task("T1", "A")], "ready": []}
    assert narrate.why_idle(stuck, W) == (
        "No table is ready, and nothing can ever call him back to the waiting tables.")
    alarm = {"tasks": [], "ready": [], "timers": [{"when": 1, "what": "callback tick()"}]}
    assert narrate.why_idle(alarm, W) == (
        "No table is ready: he waits until t=1.0, when the alarm for callback tick() rings.")
    nothing = {"switches": 5, "t": 0.0, "tasks": [], "ready": [
        {"kind": "callback", "what": "tick()"}], "last": None}
    assert _both(nothing, previous) == (
        "No task ran; next: the callback tick()",
        "The waiter visits no table. He first runs an errand: tick().")


def test_reasons_breakpoint_pause_chosen_task_time_limit_and_deadlock() -> None:
    previous = {"switches": 3, "t": 1.0}
    snap = {"switches": 9, "t": 1.0, "tasks": [_task("T1", "A", awaiting="Queue.get()")],
            "ready": [], "last": {"task_id": "T1", "task": "A", "created": []}}
    assert _both(snap, previous, "breakpoint at line 7: task A resumes")[1] == (
        "Breakpoint at line 7: after 6 visits, the waiter leaves table A: it waits for an item "
        "from the queue. No table is ready, and nothing can ever call him back to the waiting "
        "tables.")
    free = dict(snap, last=None)
    assert _both(free, previous, "pause")[1].startswith("Paused: the waiter made 6 visits. ")
    one = dict(snap, switches=4)
    assert _both(one, previous, "task")[1].startswith(
        "Stopped before the chosen table: the waiter leaves table A: ")
    assert _both(one, previous, "time limit")[0].startswith(
        "Stopped at the time limit: A awaited Queue.get(): ")
    dead = {"tasks": [_task("T1", "Alice", awaiting="Event.wait()"),
                      _task("T2", "Bob", awaiting="Event.wait()")]}
    assert narrate.narrate(dead, {}, "deadlock", vocabulary=W) == (
        "Deadlock: every table waits, and nothing can ever call the waiter back (table Alice "
        "waits for Event.wait(); table Bob waits for Event.wait()).")


def test_consequences_in_the_waiter_vocabulary() -> None:
    said = {
        "sleep(0)": "it wants him back at once",
        "gather(3 tasks, 1 done)": "it waits until the 3 tables it gathered have been served",
        "gather(1 task, 0 done)": "it waits until the table it gathered has been served",
        "task Two": "it waits until table Two has been served",
        "Queue.put()": "it waits for room in the queue",
        "Queue.join() (2 unfinished)": "it waits until every item of the queue is done",
        "Event.wait()": "it waits for a signal (an Event)",
        "Lock.acquire()": "it waits its turn for a lock",
        "Condition.wait()": "it waits to be called",
        "socket read fd 7": "it waits for a delivery (I/O)",
        "thread: fetch": "it waits for the kitchen (a worker thread)",
        "TaskGroup(2 tasks)": "it waits until the tables of its group have been served",
        "wait_for(Event.wait(), 5)": "it waits, but only until its timeout",
        "not started": "it has not ordered yet",
        "something odd": "it waits for something odd",
    }
    assert {a: narrate.consequence(a, W) for a in said} == said
    assert narrate.table("Table 3") == "table 3"
    assert narrate.table("One") == "table One"


def test_blocked_exception_exit_and_signal_in_the_waiter_vocabulary() -> None:
    held = [{"kind": "blocked", "call": "time.sleep", "seconds": 0.5, "line": 9},
            {"kind": "switch", "task_id": "T1", "t": 0.5}]
    previous = {"switches": 0, "t": 0.0}
    snap = {"switches": 1, "t": 0.5, "ready": [], "timers": [],
            "tasks": [_task("T1", "W", state="done", outcome="returned None")],
            "last": {"task_id": "T1", "task": "W", "done": True, "created": []}}
    assert _both(snap, previous, "step", held) == (
        "The clock moved to t=0.5; W finished (returned None) (it first blocked the loop in "
        "time.sleep(0.5) at line 9); nothing is left to run",
        "Time passes to t=0.5; the waiter serves table W; it is done (returned None) (it first "
        "kept the waiter standing still in time.sleep(0.5) at line 9). Every table has been "
        "served: there is nothing left to do.")
    assert narrate.blocked({"task": "W", "line": 9, "ongoing": True, "seconds": 0.2}, W) == (
        "The waiter is held up: table W keeps him at line 9; he will be free when that visit "
        "ends.")
    assert narrate.blocked({"task": "W", "line": 9, "call": "time.sleep", "seconds": 0.5},
                           W) == (
        "The waiter was held up: table W kept him in time.sleep(0.5) at line 9, and no other "
        "table could be served meanwhile.")
    assert narrate.blocked({"seconds": 0.25, "line": None}, W) == (
        "The waiter was held up: an errand kept him for 0.25 s.")
    assert narrate.ended(0, vocabulary=W) == (
        "The restaurant has closed (exit 0). Press r to open it again.")
    assert narrate.ended(137, "SIGKILL", vocabulary=W) == (
        "The restaurant was shut down by SIGKILL. Press r to open it again.")
    assert narrate.ended(3, said_exit=False, vocabulary=W) == (
        "The restaurant closed in the middle of the service (exit 3). Press r to open it again.")
    assert narrate.ended(1, exception={"type": "KeyError", "message": "'x'", "line": 4},
                         vocabulary=W) == (
        "The restaurant closed after an accident, KeyError: 'x' at line 4 (exit 1). Press r to "
        "open it again.")


def test_a_task_is_found_by_its_id_in_order_or_not() -> None:
    """Snapshots list tasks in id order, so 10,000 are searched by halves; a hand-made list
    out of order is still searched through."""
    from loopscope.narrate import _task

    ordered = {"tasks": [{"id": f"T{n}", "name": f"t{n}"} for n in range(1, 10_001)]}
    assert _task(ordered, "T7321") == {"id": "T7321", "name": "t7321"}
    assert _task(ordered, "T10001") is None
    shuffled = {"tasks": [{"id": "T9"}, {"id": "T2"}, {"id": "main"}, {"id": "T5"}]}
    assert [_task(shuffled, i) for i in ("T2", "T5", "main", "T3")] == [
        {"id": "T2"}, {"id": "T5"}, {"id": "main"}, None]
