"""Interactive mode: a front end drives the debuggee one command at a time.

These tests speak the protocol directly through ``loopscope.session.Debuggee`` (no UI): they send
``step``, ``step_callback``, ``continue``, ``run_to_task``, ``set_breakpoints``, ``pause``,
``snapshot`` and ``quit``, and check every ``paused`` event the debuggee answers with.

The debuggee starts paused before the first task step (step 0). ``step`` runs until just before
the next *task step* (callbacks such as a timer waking a sleeper run on their own); each pause
carries a snapshot: every task with its state, line, source text and what it awaits in words,
the ready queue in run order with why each entry is there, the timers, and ``last``, a summary of
the step that just ran.

A snapshot is compared through ``view``, which keeps the fields a user reads, normalised
(``Task-#`` for the automatic name of ``asyncio.run``'s main task, basenames for files).
"""

from __future__ import annotations

import os
import queue
import time
from typing import Any

import pytest

from loopscope.session import Debuggee, Launch

from ._support import PROGRAMS, ROOT, SAMPLES, has_module, normalize

QUEUE_WORKERS = str(SAMPLES / "queue_workers.py")
needs_codetiming = pytest.mark.skipif(not has_module("codetiming"),
                                      reason="queue_workers.py uses codetiming")


class Driver:
    """One interactive debuggee and the events it sent, read with timeouts (never hangs)."""

    def __init__(self, target: str, **launch: Any) -> None:
        self.debuggee = Debuggee(Launch(target=[target], mode="interactive", cwd=str(ROOT),
                                        **launch), capture_output=True)
        self.debuggee.start()
        self.events: list[dict[str, Any]] = []
        self.ended: dict[str, Any] | None = None

    def next_event(self, timeout: float = 10.0) -> dict[str, Any]:
        event = self.debuggee.events.get(timeout=timeout)
        self.events.append(event)
        if event["kind"] == "ended":
            self.ended = event
        return event

    def until(self, kind: str, timeout: float = 10.0) -> dict[str, Any]:
        """Read events until one of ``kind``; fail if the program ends first."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind} event within {timeout} s")
            try:
                event = self.next_event(left)
            except queue.Empty:
                raise AssertionError(f"no {kind} event within {timeout} s") from None
            if event["kind"] == kind:
                return event
            if event["kind"] == "ended":
                raise AssertionError(f"the program ended before a {kind} event: {event}")

    def pause(self) -> dict[str, Any]:
        return self.until("paused")

    def send(self, kind: str, **fields: Any) -> None:
        assert self.debuggee.send({"kind": kind, **fields})

    def step(self, kind: str = "step", **fields: Any) -> dict[str, Any]:
        """Send a resuming command and return the next pause."""
        self.send(kind, **fields)
        return self.pause()

    def wait_end(self, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while self.ended is None:
            left = deadline - time.monotonic()
            assert left > 0, "the debuggee did not end"
            try:
                self.next_event(left)
            except queue.Empty:
                pass
        return self.ended

    def since(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        return self.events[self.events.index(event) + 1:]

    def close(self) -> None:
        self.debuggee.kill()
        self.debuggee.close()


def view(paused: dict[str, Any]) -> dict[str, Any]:
    """What the user reads in a pause, normalised."""
    snap = paused["snapshot"]
    return normalize({
        "reason": paused["reason"],
        "step": snap["step"],
        "switches": snap["switches"],
        "t": snap["t"],
        "tasks": [(t["name"], t["state"], t["line"], t["source"], t["awaiting"], t["next"])
                  for t in snap["tasks"]],
        "ready": [(r["what"], r["why"], r["next"]) for r in snap["ready"]],
        "timers": [(x["when"], x["left"], x["what"]) for x in snap["timers"]],
        "last": None if snap["last"] is None else {
            k: v for k, v in snap["last"].items() if k not in ("cpu", "task_id")},
    })


def normalize_tuples(value: Any) -> Any:
    """JSON has no tuples: turn the expected tuples into lists to compare with ``view``."""
    if isinstance(value, tuple | list):
        return [normalize_tuples(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize_tuples(v) for k, v in value.items()}
    return value


MAIN_AT_GATHER = ("Task-#", "waiting", 48, "await asyncio.gather(", "gather(2 tasks, 0 done)",
                  False)
SLEEP = "await asyncio.sleep(delay)"
DEF_TASK = "async def task(name, work_queue):"


def last(task: str, from_line: int | None, line: int | None, output: list[str],
         created: list[str] | None = None, done: bool = False) -> dict[str, Any]:
    return {"task": task, "from_file": "queue_workers.py" if from_line else None,
            "from_line": from_line, "file": "queue_workers.py" if line else None, "line": line,
            "output": output, "created": created or [], "done": done}


#: The first eight pauses of queue_workers.py under repeated ``step``.
QUEUE_WORKERS_STEPS = [
    {"reason": "step", "step": 0, "switches": 0, "t": 0.0,
     "tasks": [("Task-#", "ready", 37, "async def main():", "not started", True)],
     "ready": [("step Task-#", "call_soon", True)],
     "timers": [], "last": None},
    {"reason": "step", "step": 1, "switches": 1, "t": 0.0,
     "tasks": [MAIN_AT_GATHER,
               ("One", "ready", 24, DEF_TASK, "not started", True),
               ("Two", "ready", 24, DEF_TASK, "not started", False)],
     "ready": [("step One", "created by task Task-#", True),
               ("step Two", "created by task Task-#", False)],
     "timers": [], "last": last("Task-#", 37, 48, [], created=["T2", "T3"])},
    {"reason": "step", "step": 2, "switches": 2, "t": 0.0,
     "tasks": [MAIN_AT_GATHER,
               ("One", "waiting", 33, SLEEP, "sleep(15) until t=15", False),
               ("Two", "ready", 24, DEF_TASK, "not started", True)],
     "ready": [("step Two", "created by task Task-#", True)],
     "timers": [(15.0, 15.0, "task One")],
     "last": last("One", 24, 33, ["Task One running\n"])},
    # Nothing is ready: the loop is about to sleep, the timers still pending.
    {'reason': 'idle',
     'step': 3,
     'switches': 3,
     't': 0.0,
     'tasks': [('Task-#', 'waiting', 48, 'await asyncio.gather(', 'gather(2 tasks, 0 done)', False),
               ('One', 'waiting', 33, 'await asyncio.sleep(delay)', 'sleep(15) until t=15', False),
               ('Two', 'waiting', 33, 'await asyncio.sleep(delay)', 'sleep(10) until t=10', False)],
     'ready': [],
     'timers': [(10.0, 10.0, 'task Two'), (15.0, 15.0, 'task One')],
     'last': {'task': 'Two',
              'from_file': 'queue_workers.py',
              'from_line': 24,
              'file': 'queue_workers.py',
              'line': 33,
              'output': ['Task Two running\n'],
              'created': [],
              'done': False}},
    {"reason": "step", "step": 4, "switches": 3, "t": 10.0,
     "tasks": [MAIN_AT_GATHER,
               ("One", "waiting", 33, SLEEP, "sleep(15) until t=15", False),
               ("Two", "ready", 33, SLEEP, "sleep(10) until t=10", True)],
     "ready": [("step Two", "timer fired at t=10", True)],
     "timers": [(15.0, 5.0, "task One")],
     "last": last("Two", 24, 33, ["Task Two running\n"])},
    # Nothing is ready: the loop is about to sleep, the timers still pending.
    {'reason': 'idle',
     'step': 5,
     'switches': 4,
     't': 10.0,
     'tasks': [('Task-#', 'waiting', 48, 'await asyncio.gather(', 'gather(2 tasks, 0 done)', False),
               ('One', 'waiting', 33, 'await asyncio.sleep(delay)', 'sleep(15) until t=15', False),
               ('Two', 'waiting', 33, 'await asyncio.sleep(delay)', 'sleep(5) until t=15', False)],
     'ready': [],
     'timers': [(15.0, 5.0, 'task One'), (15.0, 5.0, 'task Two')],
     'last': {'task': 'Two',
              'from_file': 'queue_workers.py',
              'from_line': 33,
              'file': 'queue_workers.py',
              'line': 33,
              'output': ['Task Two elapsed time: 10.0\n', 'Task Two running\n'],
              'created': [],
              'done': False}},
    {"reason": "step", "step": 7, "switches": 4, "t": 15.0,
     "tasks": [MAIN_AT_GATHER,
               ("One", "ready", 33, SLEEP, "sleep(15) until t=15", True),
               ("Two", "ready", 33, SLEEP, "sleep(5) until t=15", False)],
     "ready": [("step One", "timer fired at t=15", True),
               ("step Two", "timer fired at t=15", False)],
     "timers": [],
     "last": last("Two", 33, 33, ["Task Two elapsed time: 10.0\n", "Task Two running\n"])},
    {"reason": "step", "step": 8, "switches": 5, "t": 15.0,
     "tasks": [MAIN_AT_GATHER,
               ("One", "waiting", 33, SLEEP, "sleep(2) until t=17", False),
               ("Two", "ready", 33, SLEEP, "sleep(5) until t=15", True)],
     "ready": [("step Two", "timer fired at t=15", True)],
     "timers": [(17.0, 2.0, "task One")],
     "last": last("One", 33, 33, ["Task One elapsed time: 15.0\n", "Task One running\n"])},
    # Nothing is ready: the loop is about to sleep, the timers still pending.
    {'reason': 'idle',
     'step': 10,
     'switches': 6,
     't': 15.0,
     'tasks': [('Task-#', 'waiting', 48, 'await asyncio.gather(', 'gather(2 tasks, 1 done)', False),
               ('One', 'waiting', 33, 'await asyncio.sleep(delay)', 'sleep(2) until t=17', False),
               ('Two', 'done', None, None, '', False)],
     'ready': [],
     'timers': [(17.0, 2.0, 'task One')],
     'last': {'task': 'Two',
              'from_file': 'queue_workers.py',
              'from_line': 33,
              'file': None,
              'line': None,
              'output': ['Task Two elapsed time: 5.0\n'],
              'created': [],
              'done': True}},
    {"reason": "step", "step": 11, "switches": 6, "t": 17.0,
     "tasks": [("Task-#", "waiting", 48, "await asyncio.gather(", "gather(2 tasks, 1 done)",
                False),
               ("One", "ready", 33, SLEEP, "sleep(2) until t=17", True),
               ("Two", "done", None, None, "", False)],
     "ready": [("step One", "timer fired at t=17", True)],
     "timers": [],
     "last": last("Two", 33, None, ["Task Two elapsed time: 5.0\n"], done=True)},
    {"reason": "step", "step": 13, "switches": 7, "t": 17.0,
     "tasks": [("Task-#", "ready", 48, "await asyncio.gather(", "gather(2 tasks, 2 done)",
                True),
               ("One", "done", None, None, "", False),
               ("Two", "done", None, None, "", False)],
     "ready": [("step Task-#", "callback gather.<locals>._done_callback() ran", True)],
     "timers": [],
     "last": last("One", 33, None, ["Task One elapsed time: 2.0\n"], done=True)},
]


# -- stepping ----------------------------------------------------------------------------------


@needs_codetiming
def test_first_pause_is_before_the_first_task_step(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    hello = driver.next_event()
    assert hello["kind"] == "hello" and hello["mode"] == "interactive"
    first = driver.pause()
    assert first["reason"] == "step"
    assert first["snapshot"]["step"] == 0
    assert first["snapshot"]["last"] is None
    assert not [e for e in driver.events if e["kind"] in ("switch", "callback", "output")]


@needs_codetiming
@pytest.mark.parametrize("index", range(len(QUEUE_WORKERS_STEPS)))
def test_queue_workers_pause_by_pause(start: Any, index: int) -> None:
    driver = start(QUEUE_WORKERS)
    paused = driver.pause()
    for _ in range(index):
        paused = driver.step()
    assert view(paused) == normalize_tuples(QUEUE_WORKERS_STEPS[index])


@needs_codetiming
def test_queue_workers_step_sequence(start: Any) -> None:
    # The same, in one run: each `step` answers `resumed`, then the trace events of the handles
    # it ran, then exactly one `paused`.
    driver = start(QUEUE_WORKERS)
    views = [view(driver.pause())]
    for expected in QUEUE_WORKERS_STEPS[1:]:
        mark = len(driver.events)
        views.append(view(driver.step()))
        between = driver.events[mark:]
        assert between[0] == {"kind": "resumed", "mode": "step"}
        # One switch a step; from an idle pause the step runs the timers up to the next switch.
        switches = 0 if views[-2]["reason"] == "idle" else 1
        assert [e["kind"] for e in between].count("switch") == switches, expected["step"]
        assert [e["kind"] for e in between].count("paused") == 1
    assert views == normalize_tuples(QUEUE_WORKERS_STEPS)


@needs_codetiming
def test_snapshot_task_details(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.step()
    snap = driver.step()["snapshot"]
    one = next(t for t in snap["tasks"] if t["name"] == "One")
    assert one["id"] == "T2" and one["coro"] == "task" and one["function"] == "task"
    assert os.path.basename(one["file"]) == "queue_workers.py"
    # The await chain: the user's frame, then asyncio.sleep in the standard library.
    chain = normalize(one["chain"])
    assert [(f["function"], f["user"]) for f in chain] == [("task", True), ("sleep", False)]
    assert chain[0]["line"] == 33 and chain[0]["source"] == SLEEP
    assert snap["timers"][0]["task_id"] == "T2"
    assert snap["clock"] == "virtual"
    assert snap["io"] == [] and snap["executor_pending"] == 0
    assert snap["ready"][0]["kind"] == "task" and snap["ready"][0]["task_id"] == "T3"


@needs_codetiming
def test_step_callback_pauses_before_every_handle(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    seen = [driver.pause()]
    for _ in range(10):
        seen.append(driver.step("step_callback"))
    assert [(p["reason"], p["snapshot"]["step"], p["snapshot"]["t"],
             normalize(p["snapshot"]["ready"][0]["what"]) if p["snapshot"]["ready"] else None)
            for p in seen] == [
        ("step", 0, 0.0, "step Task-#"),
        ("step_callback", 1, 0.0, "step One"),
        ("step_callback", 2, 0.0, "step Two"),
        ("idle", 3, 0.0, None),  # nothing ready: the clock jumps only after this pause
        ("step_callback", 3, 10.0, "wake sleeper"),
        ("step_callback", 4, 10.0, "step Two"),
        ("idle", 5, 10.0, None),
        ("step_callback", 5, 15.0, "wake sleeper"),
        ("step_callback", 6, 15.0, "wake sleeper"),
        ("step_callback", 7, 15.0, "step One"),
        ("step_callback", 8, 15.0, "step Two"),
    ]


@needs_codetiming
def test_a_due_timer_in_the_ready_queue_says_it_is_a_timer(start: Any) -> None:
    # The "wake sleeper" handle was moved to the ready queue because its deadline came, not by
    # a call_soon: the why says so, with the time.
    driver = start(QUEUE_WORKERS)
    driver.pause()
    for _ in range(4):  # One, Two, the idle pause, then the timer is due
        paused = driver.step("step_callback")
    entry = paused["snapshot"]["ready"][0]
    assert entry["what"] == "wake sleeper"
    assert entry["why"] != "call_soon"
    assert "timer" in entry["why"] and "t=10" in entry["why"]


@needs_codetiming
def test_continue_runs_to_the_end(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.send("continue")
    assert driver.wait_end()["code"] == 0
    assert [e["kind"] for e in driver.events].count("paused") == 1
    text = "".join(e["text"] for e in driver.events if e["kind"] == "output")
    assert "Total elapsed time: 17.0\n" in text


@needs_codetiming
def test_run_to_task(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.step()  # main created One (T2) and Two (T3)
    first = driver.step("run_to_task", task_id="T3")
    assert first["reason"] == "task"
    assert first["snapshot"]["step"] == 2
    assert first["snapshot"]["ready"][0]["what"] == "step Two"
    second = driver.step("run_to_task", task_id="T3")
    assert (second["reason"], second["snapshot"]["step"], second["snapshot"]["t"]) == (
        "task", 4, 10.0)


@needs_codetiming
def test_run_to_an_unknown_task_is_an_error_and_stays_paused(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.send("run_to_task", task_id="T99")
    error = driver.until("error")
    assert error["message"] == "no live task T99"
    again = driver.step("snapshot")
    assert again["snapshot"]["step"] == 0


@needs_codetiming
def test_snapshot_command_repeats_the_pause(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    paused = driver.step()
    again = driver.step("snapshot")
    assert view(again) == view(paused)


# -- breakpoints -------------------------------------------------------------------------------

#: queue_workers.py line 33 is `await asyncio.sleep(delay)`: each worker suspends there twice.
BREAK_33 = [
    ("One", 2, 0.0), ("Two", 3, 0.0), ("Two", 5, 10.0), ("One", 8, 15.0),
]


def breakpoint_pauses(driver: Driver) -> list[tuple[str, str, int, float]]:
    hits = []
    while True:
        driver.send("continue")
        try:
            paused = driver.pause()
        except AssertionError:
            assert driver.ended is not None and driver.ended["code"] == 0
            return hits
        snap = paused["snapshot"]
        hits.append((paused["reason"], snap["last"]["task"], snap["step"], snap["t"]))


@needs_codetiming
def test_line_breakpoint_pauses_there_every_time(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.send("set_breakpoints", lines=[[QUEUE_WORKERS, 33]], tasks=[])
    assert breakpoint_pauses(driver) == [
        (f"breakpoint at line 33: task {task} suspended there", task, step, t)
        for task, step, t in BREAK_33]


@needs_codetiming
def test_line_breakpoint_from_the_command_line(start: Any) -> None:
    driver = start(QUEUE_WORKERS, breaks=[f"{QUEUE_WORKERS}:33"])
    driver.pause()
    assert [(task, step, t) for _, task, step, t in breakpoint_pauses(driver)] == BREAK_33


@needs_codetiming
def test_breakpoint_pause_shows_the_task_on_the_line(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.send("set_breakpoints", lines=[[QUEUE_WORKERS, 33]], tasks=[])
    paused = driver.step("continue")
    one = next(t for t in paused["snapshot"]["tasks"] if t["name"] == "One")
    assert (one["line"], one["source"], one["awaiting"]) == (33, SLEEP, "sleep(15) until t=15")


@needs_codetiming
def test_clearing_breakpoints(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.send("set_breakpoints", lines=[[QUEUE_WORKERS, 33]], tasks=[])
    driver.step("continue")
    driver.send("set_breakpoints", lines=[], tasks=[])
    driver.send("continue")
    assert driver.wait_end()["code"] == 0


@needs_codetiming
def test_task_breakpoint_pauses_before_each_step_of_that_task(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.send("set_breakpoints", lines=[], tasks=["Two"])
    hits = []
    while True:
        driver.send("continue")
        try:
            paused = driver.pause()
        except AssertionError:
            break
        snap = paused["snapshot"]
        hits.append((paused["reason"], snap["step"], snap["t"], snap["ready"][0]["what"]))
    assert hits == [("breakpoint on task Two", 2, 0.0, "step Two"),
                    ("breakpoint on task Two", 4, 10.0, "step Two"),
                    ("breakpoint on task Two", 8, 15.0, "step Two")]


# -- other programs ----------------------------------------------------------------------------


def test_queue_get_and_timers_in_words(start: Any) -> None:
    driver = start(str(PROGRAMS / "queue_get.py"))
    driver.pause()
    driver.step()
    paused = driver.step()
    assert view(paused)["tasks"] == normalize_tuples([
        ("Task-#", "waiting", 18, "await asyncio.gather(", "gather(2 tasks, 0 done)", False),
        ("Consumer", "waiting", 7, "item = await queue.get()", "Queue.get()", False),
        ("Producer", "ready", 11, "async def producer(queue: asyncio.Queue) -> None:",
         "not started", True)])
    paused = driver.step()  # nothing is ready: the loop is about to sleep until t=1
    assert paused["reason"] == "idle"
    assert view(paused)["tasks"][2] == normalize_tuples(
        ("Producer", "waiting", 12, "await asyncio.sleep(1)", "sleep(1) until t=1", False))
    assert view(paused)["timers"] == [[1.0, 1.0, "task Producer"]]
    paused = driver.step()
    assert view(paused)["tasks"][2] == normalize_tuples(
        ("Producer", "ready", 12, "await asyncio.sleep(1)", "sleep(1) until t=1", True))
    paused = driver.step()  # the producer put the item: the consumer is ready
    assert view(paused)["ready"][0] == normalize_tuples(
        ("step Consumer", "result set by task Producer", True))


def test_deadlock_pauses_with_the_waiting_tasks(start: Any) -> None:
    driver = start(str(PROGRAMS / "deadlock.py"))
    driver.pause()
    driver.send("continue")
    deadlock = driver.until("deadlock")
    paused = driver.pause()
    assert paused["reason"] == "deadlock"
    assert [t["task"] for t in deadlock["tasks"]][1:] == ["Alice", "Reader"]
    states = {t["name"]: (t["state"], t["awaiting"]) for t in paused["snapshot"]["tasks"]}
    assert states["Alice"] == ("waiting", "Event.wait()")
    assert states["Reader"] == ("waiting", "Queue.get()")
    driver.send("continue")
    assert driver.wait_end()["code"] == 1


def test_a_deadlock_reached_freely_counts_the_steps_that_ran(start: Any) -> None:
    stepped = start(str(PROGRAMS / "deadlock.py"))
    snapshot = stepped.pause()["snapshot"]
    while True:
        paused = stepped.step("step")
        snapshot = paused["snapshot"]
        if paused["reason"] == "deadlock":
            break
    continued = start(str(PROGRAMS / "deadlock.py"))
    continued.pause()
    paused = continued.step("continue")
    assert paused["reason"] == "deadlock"
    counts = ("step", "switches")
    assert [paused["snapshot"][k] for k in counts] == [snapshot[k] for k in counts]
    assert snapshot["switches"] > 1


# -- pause, quit -------------------------------------------------------------------------------


def test_pause_while_a_step_spins_reports_the_line_at_once(start: Any) -> None:
    driver = start(str(PROGRAMS / "spin.py"))
    driver.pause()
    driver.send("continue")
    time.sleep(0.3)  # let the spinner start spinning
    sent = time.monotonic()
    driver.send("pause")
    while True:
        blocked = driver.until("blocked", timeout=5)
        if blocked.get("on_pause"):
            break
    assert time.monotonic() - sent < 2.0  # "at once" is 0.5 s; the bound is generous
    assert os.path.basename(blocked["file"]) == "spin.py"
    assert blocked["line"] in (9, 10)  # `while True:` / `n += 1`
    assert blocked["task"] == "Spinner"
    assert blocked["ongoing"] is True


def test_pause_during_continue_of_a_busy_program(start: Any) -> None:
    driver = start(str(PROGRAMS / "busy.py"))
    driver.pause()
    driver.send("continue")
    time.sleep(0.3)
    sent = time.monotonic()
    driver.send("pause")
    paused = driver.pause()
    assert time.monotonic() - sent < 2.0
    assert paused["reason"] == "pause"
    busy = next(t for t in paused["snapshot"]["tasks"] if t["name"] == "Busy")
    assert busy["line"] == 11 and busy["source"] == "await asyncio.sleep(0)"
    resumed = driver.step()  # and it can be stepped from there
    assert resumed["reason"] == "step"


def test_continue_sends_progress_snapshots(start: Any) -> None:
    driver = start(str(PROGRAMS / "busy.py"))
    driver.pause()
    driver.send("continue")
    progress = driver.until("progress", timeout=5)
    assert progress["snapshot"]["step"] > 0


@needs_codetiming
def test_quit_while_paused_ends_at_once(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.step()
    mark = len(driver.events)
    sent = time.monotonic()
    driver.send("quit")
    ended = driver.wait_end(timeout=5)
    assert time.monotonic() - sent < 2.0
    # No more of the program runs: no further pause, switch or output.
    assert [e["kind"] for e in driver.events[mark:]
            if e["kind"] in ("paused", "switch", "output")] == []
    assert ended["code"] == 0


def test_quit_while_running(start: Any) -> None:
    driver = start(str(PROGRAMS / "busy.py"))
    driver.pause()
    driver.send("continue")
    time.sleep(0.2)
    driver.send("quit")
    assert driver.wait_end(timeout=5)["code"] == 0


def test_a_bad_command_is_answered_with_an_error(start: Any) -> None:
    driver = start(str(PROGRAMS / "queue_get.py"))
    driver.pause()
    with driver.debuggee._send_lock:
        driver.debuggee._commands.write(b'{"kind": "jump"}\n')
    error = driver.until("error")
    assert error["message"] == "bad command: unknown message kind 'jump'"
    assert driver.step()["reason"] == "step"  # still paused, still obeying


# -- exception breakpoints and the final state ---------------------------------------------------


def test_break_exceptions_pauses_where_a_task_failed(start: Any) -> None:
    driver = start(str(SAMPLES / "taskgroup_failure.py"), break_exceptions=True)
    driver.pause()
    paused = driver.step("continue")
    assert paused["reason"] == "exception in task mirror B: ValueError: mirror B sent a corrupt file"
    failed = {t["name"]: t for t in paused["snapshot"]["tasks"]}["mirror B"]
    assert failed["state"] == "failed"
    assert failed["outcome"] == "ValueError: mirror B sent a corrupt file"
    driver.send("continue")
    assert driver.wait_end()["code"] == 0


@needs_codetiming
def test_a_free_continue_still_ends_with_the_final_state(start: Any) -> None:
    driver = start(QUEUE_WORKERS)
    driver.pause()
    driver.send("continue")
    final = driver.until("progress")
    while not final.get("final"):
        final = driver.until("progress")
    snap = final["snapshot"]
    assert snap["t"] == 17.0
    assert snap["switches"] == 10  # main, One and Two, and asyncio's own two shutdown tasks
    # Tasks that ended unobserved (a free run reports no steps) are gone; none is left pending.
    assert all(t["state"] in ("done", "failed", "cancelled") for t in snap["tasks"])
    assert driver.wait_end()["code"] == 0
