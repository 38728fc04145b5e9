"""Line stepping (``line_step``) and ``breakpoint()`` in the program.

``line_step`` runs until the chosen task's next step (other tasks' switches run and are
reported), runs that one step with a line tracer on, reporting every user line it executes as
a ``line`` event, in order, including the lines of the functions and coroutines it calls, and
pauses once the task suspends (or ends). The same lines on 3.11 (``sys.settrace``) and on 3.12+
(``sys.monitoring``).

The line step shares the interpreter with the user's own debugger: pdb entered in the very step
being traced (3.14+: on ``sys.monitoring``'s debugger id) runs as under plain python, fed its
commands on stdin, and the walk goes on around it.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from loopscope.engine.linestep import LineTracer
from loopscope.session import Debuggee, Launch

from ._support import PROGRAMS, ROOT, python
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


# -- the user's own debugger ------------------------------------------------------------------

#: pdb's commands: print a local, step a line (pdb's own tracing, in loopscope's traced step),
#: print again, continue.
PDB_COMMANDS = "p value\nnext\np value\ncontinue\n"


class FedDriver(Driver):
    """A ``Driver`` whose debuggee reads ``stdin`` (the program's own stdin, pdb's)."""

    def __init__(self, target: str, stdin: str) -> None:
        self._stdin = tempfile.TemporaryFile()
        self._stdin.write(stdin.encode())
        self._stdin.seek(0)
        self.debuggee = Debuggee(Launch(target=[target], mode="interactive", cwd=str(ROOT)),
                                 capture_output=True, stdin=self._stdin)
        self.debuggee.start()
        self.events = []
        self.ended = None

    def close(self) -> None:
        super().close()
        self._stdin.close()


@pytest.mark.skipif(sys.version_info < (3, 12), reason=(
    "3.11 has no sys.monitoring: pdb and the line step both trace with sys.settrace there, and "
    "pdb's continue takes the line step's tracer away with its own"))
@pytest.mark.skipif(sys.version_info[:2] == (3, 13), reason=(
    "CPython 3.13: while any sys.monitoring tool has LINE events on, pdb.set_trace() (on "
    "sys.settrace) loses the opcode event it stops at and stops a line later, loopscope or not"))
def test_pdb_entered_during_a_line_step_runs_as_under_plain_python() -> None:
    """From 3.14 ``pdb.set_trace()`` takes ``sys.monitoring.DEBUGGER_ID`` (and failed with
    "Another debugger is using the monitoring tool" while the line step held it): the line step
    holds another id, pdb prints and steps exactly as under plain python, and the walk reports
    every line of the step, those pdb stepped over included."""
    plain = python(PROGRAMS / "pdb_in_step.py", stdin=PDB_COMMANDS)
    assert (plain.returncode, plain.stderr) == (0, "")
    driver = FedDriver(str(PROGRAMS / "pdb_in_step.py"), PDB_COMMANDS)
    try:
        _until_task_exists(driver, "Stepped")
        lines, paused = _line_step(driver, "Stepped")
        assert lines == [("Stepped", 10, "stepped"), ("Stepped", 11, "stepped"),
                         ("Stepped", 12, "stepped"), ("Stepped", 13, "stepped"),
                         ("Stepped", 14, "stepped")]
        assert paused["reason"] == "line step: task Stepped ran 5 lines, suspended at line 14"
        driver.send("continue")
        assert driver.wait_end()["code"] == 0
        streams = {stream: "".join(e["text"] for e in driver.events
                                   if e["kind"] == "output" and e["stream"] == stream)
                   for stream in ("stdout", "stderr")}
        assert streams == {"stdout": plain.stdout, "stderr": ""}
    finally:
        driver.close()


needs_monitoring = pytest.mark.skipif(sys.version_info < (3, 12),
                                      reason="sys.monitoring is 3.12+")


def _walked() -> int:
    total = 1
    total += 1
    return total


@needs_monitoring
def test_the_line_step_leaves_the_debugger_and_profiler_ids_alone() -> None:
    mon: Any = getattr(sys, "monitoring", None)  # 3.12+ (mypy reads 3.11)
    if any(mon.get_tool(tool) is not None for tool in (0, 1, 2, 3)):
        pytest.skip("a tool id the test needs free is held (a coverage run, a debugger)")
    lines: list[tuple[str, int, str]] = []
    tracer = LineTracer(lambda *line: lines.append(line))
    tracer.start()
    try:
        held = [mon.get_tool(tool) for tool in range(6)]
        _walked()
    finally:
        tracer.stop()
    assert held[:4] == [None, None, None, "loopscope line step"]
    first = _walked.__code__.co_firstlineno
    assert [line for _, line, function in lines if function == "_walked"] == [
        first + 1, first + 2, first + 3]
    assert mon.get_tool(3) is None


@needs_monitoring
def test_no_free_tool_id_gives_a_one_line_notice_and_the_step_is_traced_anyway() -> None:
    """The user's own tools hold every id the line step may take: it says so and traces with
    ``sys.settrace`` for that one handle, putting back the tracer that was there."""
    mon: Any = getattr(sys, "monitoring", None)  # 3.12+ (mypy reads 3.11)
    taken = []
    for tool in (3, 4, 5):
        try:
            mon.use_tool_id(tool, f"user tool {tool}")
        except ValueError:
            pass
        else:
            taken.append(tool)
    notices: list[str] = []
    lines: list[tuple[str, int, str]] = []
    before = sys.gettrace()
    try:
        tracer = LineTracer(lambda *line: lines.append(line), notices.append)
        tracer.start()
        try:
            _walked()
        finally:
            tracer.stop()
    finally:
        for tool in taken:
            mon.free_tool_id(tool)
    assert sys.gettrace() is before
    if taken != [3, 4, 5]:
        pytest.skip("a tool id the test takes was already held (a coverage run, a debugger)")
    assert notices == [
        "loopscope: the line step traces with sys.settrace: the sys.monitoring tool ids it can "
        "take are held: 3 (user tool 3), 4 (user tool 4), 5 (user tool 5)"]
    first = _walked.__code__.co_firstlineno
    assert [line for _, line, function in lines if function == "_walked"] == [
        first + 1, first + 2, first + 3]
