"""Per-task figures (``loopscope.stats``): switches, CPU held, time waited, per task.

The virtual-time figures are exact; the CPU figures are real time, so only their shape is
checked (a number of milliseconds, the maximum not above the total), never their value.
"""

from __future__ import annotations

import json
import re

from loopscope.stats import RunningTimers, TaskStats, table_text

from ._support import EXPECTED, loopscope, normalize_text, trace_json

CPU = r"\d+\.\d{3} ms"


def _golden_events() -> list[dict]:
    path = EXPECTED / "trace_queue_workers.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_queue_workers_figures_from_its_events() -> None:
    stats = TaskStats()
    for event in _golden_events():
        if event["kind"] == "switch":
            event = dict(event, cpu=0.001 * event["switch"])  # golden files drop the cpu
        stats.feed(event)
    rows = {row.name: row for row in stats.rows()}
    assert list(rows) == ["Task-#", "One", "Two"]  # asyncio's own tasks are left out
    one, two, main = rows["One"], rows["Two"], rows["Task-#"]
    assert (one.switches, one.waits, one.waited_total, one.waited_max) == (3, 2, 17.0, 15.0)
    assert (two.switches, two.waits, two.waited_total, two.waited_max) == (3, 2, 15.0, 10.0)
    assert (main.switches, main.waits, main.waited_total, main.waited_max) == (2, 1, 17.0, 17.0)
    # One ran at switches 2, 5 and 7.
    assert round(one.cpu_total, 9) == 0.014 and one.cpu_max == 0.007
    assert len(stats.rows(internal=True)) == 5


def test_a_task_still_waiting_counts_only_its_finished_waits() -> None:
    stats = TaskStats()
    stats.feed({"kind": "task_created", "task_id": "T1", "task": "A", "coro": "a"})
    stats.feed({"kind": "switch", "step": 1, "task_id": "T1", "task": "A", "file": None,
                "line": None, "t": 0.0, "cpu": 0.002, "awaiting": "sleep(3) until t=3"})
    stats.feed({"kind": "switch", "step": 3, "task_id": "T1", "task": "A", "file": None,
                "line": None, "t": 3.0, "eager": False, "awaiting": "Event.wait()"})
    (row,) = stats.rows()
    assert (row.switches, row.waits, row.waited_total, row.cpu_total, row.cpu_max) == (
        2, 1, 3.0, 0.002, 0.002)


def test_running_timers_keep_codetiming_figures() -> None:
    timers = RunningTimers()
    for value in (0.5, 2.0, 1.0):
        timers.add("T1", value)
    assert (timers.count("T1"), timers.total("T1"), timers.max("T1")) == (3, 3.5, 2.0)
    assert timers.mean("T1") == 3.5 / 3  # codetiming's own, from the kept values
    assert (timers.count("T9"), timers.total("T9"), timers.max("T9")) == (0, 0.0, 0.0)


def test_every_switch_event_carries_the_cpu_it_held_the_loop() -> None:
    events, _, code = trace_json("samples/queue_workers.py")
    assert code == 0
    switches = [e for e in events if e["kind"] == "switch"]
    assert len(switches) == 10
    assert all(isinstance(e["cpu"], float) and 0 <= e["cpu"] < 5 for e in switches)


def test_trace_stats_prints_the_table_on_stderr() -> None:
    done = loopscope("trace", "--stats", "samples/queue_workers.py")
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("Total elapsed time: 17.0\n")  # the program's output untouched
    table = normalize_text(done.stderr).splitlines()[-4:]
    assert re.fullmatch(r"task +switches +CPU total +CPU max +waited total +waited max",
                        table[0])
    assert [re.sub(CPU, "CPU", line).split() for line in table[1:]] == [
        ["Task-#", "2", "CPU", "CPU", "17", "s", "17", "s"],
        ["One", "3", "CPU", "CPU", "17", "s", "15", "s"],
        ["Two", "3", "CPU", "CPU", "15", "s", "10", "s"],
    ]


def test_summary_with_stats_keeps_the_totals_and_adds_the_table() -> None:
    plain = loopscope("trace", "--summary", "samples/queue_workers.py")
    both = loopscope("trace", "--summary", "--stats", "samples/queue_workers.py")
    assert plain.returncode == both.returncode == 0
    wall = re.compile(r"wall time [\d.]+ s")
    totals = wall.sub("wall", plain.stderr)
    assert totals == ("loopscope: 10 switches, 9 callbacks, 5 tasks, virtual time 17 s, wall, "
                      "exit 0\n")
    lines = normalize_text(both.stderr).splitlines()
    assert wall.sub("wall", lines[-1]) + "\n" == totals
    assert [line.split()[:2] for line in lines[:-1]] == [
        ["task", "switches"], ["Task-#", "2"], ["One", "3"], ["Two", "3"]]


def test_table_text_aligns_its_columns() -> None:
    stats = TaskStats()
    stats.feed({"kind": "switch", "step": 1, "task_id": "T1", "task": "A long name",
                "file": None, "line": None, "t": 0.0, "cpu": 0.0125, "done": True})
    assert table_text(stats) == (
        "task         switches  CPU total    CPU max  waited total  waited max\n"
        "A long name         1  12.500 ms  12.500 ms           0 s         0 s\n")


def test_asyncio_own_tasks_are_known_from_the_pause_before_their_first_switch() -> None:
    stats = TaskStats()
    stats.feed({"kind": "task_created", "task_id": "T4", "task": "Task-4",
                "coro": "BaseEventLoop.shutdown_asyncgens"})
    assert stats.take_changed() == ["T4"] and [r.task_id for r in stats.rows()] == ["T4"]
    stats.feed({"kind": "paused", "reason": "step", "snapshot": {
        "step": 15, "tasks": [{"id": "T4", "name": "Task-4", "internal": True}]}})
    assert stats.rows() == [] and stats.take_changed() == ["T4"]
