"""Line stepping (``line_step``) and ``breakpoint()`` in the program.

``line_step`` runs until the chosen task's next step (other tasks' switches run and are
reported), runs that one step with a line tracer on, reporting every user line it executes as
a ``line`` event, in order, including the lines of the functions and coroutines it calls, and
pauses once the task suspends (or ends). The same lines on 3.11 (``sys.settrace``) and on 3.12+
(``sys.monitoring``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ._support import PROGRAMS
from .test_interactive import Driver


@pytest.fixture
def walk() -> Iterator[Driver]:
    driver = Driver(str(PROGRAMS / "line_walk.py"))
    yield driver
    driver.close()


def _line_step(driver: Driver, task: str) -> tuple[list[tuple[str, int, str]], dict[str, Any]]:
    """Send ``line_step`` for ``task``: the (task, line, function) walked, and the pause."""
    ids = {t["name"]: t["id"] for t in driver.events[-1]["snapshot"]["tasks"]}
    before = len(driver.events)
    paused = driver.step("line_step", task_id=ids[task])
    lines = [(e["task"], e["line"], e["function"]) for e in driver.events[before:]
             if e["kind"] == "line"]
    return lines, paused


def _until_task_exists(driver: Driver, name: str) -> None:
    paused = driver.pause()
    while name not in {t["name"] for t in paused["snapshot"]["tasks"]}:
        paused = driver.step()


def test_l_walks_every_line_up_to_the_next_await_in_order(walk: Driver) -> None:
    _until_task_exists(walk, "Walker")
    lines, paused = _line_step(walk, "Walker")
    assert lines == [
        ("Walker", 17, "walker"), ("Walker", 18, "walker"), ("Walker", 19, "walker"),
        ("Walker", 18, "walker"), ("Walker", 19, "walker"), ("Walker", 18, "walker"),
        ("Walker", 20, "walker"), ("Walker", 7, "helper"), ("Walker", 8, "helper"),
        ("Walker", 21, "walker"), ("Walker", 12, "inner"),
    ]
    assert paused["reason"] == "line step: task Walker ran 11 lines, suspended at line 12"
    step = paused["snapshot"]["line_step"]
    assert step["task"] == "Walker" and step["switches_before"] == ["Other"]
    assert [line for _, line, _ in step["lines"]] == [17, 18, 19, 18, 19, 18, 20, 7, 8, 21, 12]
    # The other task's step ran first, untraced, and was reported as a switch.
    since = walk.events[walk.events.index(paused) - 20:]
    switches = [e["task"] for e in since if e["kind"] == "switch"]
    assert switches[-2:] == ["Other", "Walker"]

    lines, paused = _line_step(walk, "Walker")
    assert lines == [("Walker", 13, "inner"), ("Walker", 22, "walker")]
    assert paused["reason"] == "line step: task Walker ran 2 lines, suspended at line 22"

    lines, paused = _line_step(walk, "Walker")
    assert lines == [("Walker", 23, "walker")]
    assert paused["reason"] == "line step: task Walker ran 1 line, finished"
    assert [e["text"] for e in walk.events if e["kind"] == "output"] == [
        "other ran\n", "walker 3\n"]


def test_line_step_on_a_finished_task_is_refused(walk: Driver) -> None:
    walk.pause()
    walk.send("line_step", task_id="T99")
    error = walk.until("error")
    assert error["message"] == "no live task T99"


@pytest.fixture
def bp() -> Iterator[Driver]:
    driver = Driver(str(PROGRAMS / "breakpoint_call.py"))
    yield driver
    driver.close()


def test_breakpoint_pauses_right_after_the_step_that_called_it(bp: Driver) -> None:
    bp.pause()
    paused = bp.step("continue")
    assert paused["reason"] == "breakpoint() at line 8: task Worker"
    assert paused["file"].endswith("breakpoint_call.py") and paused["line"] == 8
    worker = next(t for t in paused["snapshot"]["tasks"] if t["name"] == "Worker")
    assert (worker["line"], worker["awaiting"]) == (9, "sleep(1) until t=1")
    assert [e["text"] for e in bp.events if e["kind"] == "output"] == ["before\n"]
    bp.send("continue")
    assert bp.wait_end()["code"] == 0
    assert [e["text"] for e in bp.events if e["kind"] == "output"] == ["before\n", "after\n"]
