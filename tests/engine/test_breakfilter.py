"""Breakpoints that never hit leave the loop free-running, on every Python, and hits stay exact.

A line breakpoint hits when a task sits on it between two handles, so only a line where a
coroutine can be suspended (an ``await``, or its first line before it starts) can ever hit:
``breakpoints.live_lines`` keeps those and a breakpoint anywhere else costs nothing. A live
line is watched by ``sys.monitoring`` on 3.12+ and checked by the loop inline after each task
step on 3.11; either way the controller's hooks run no more often than with no breakpoint at
all (counted here in-process), and the pauses are the ones the hooked check gives.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from loopscope.engine.breakpoints import live_lines
from loopscope.engine.clock import VirtualClock
from loopscope.engine.loop import Session, SteppingEventLoop
from loopscope.engine.stepper import Stepper

PROGRAM = textwrap.dedent("""\
    import asyncio

    async def worker(n):
        for i in range(n):
            if i == 3:
                await asyncio.sleep(0)  # line 6: A and C get here
            elif i < 0:
                await asyncio.sleep(1)  # line 8: nobody does
            total = i * 2  # line 9: no await, never a pause
            await asyncio.sleep(0)
        return total

    def plain(x):
        return x + 1  # line 14: not a coroutine

    async def main():
        await asyncio.gather(*(asyncio.create_task(worker(n), name=name)
                               for n, name in ((5, "A"), (2, "B"), (4, "C"))))
""")


class _Continue:
    """A channel that answers every pause with ``continue`` and keeps the pauses' reasons."""

    def __init__(self) -> None:
        self.pauses: list[str] = []

    def emit(self, message: dict[str, Any], flush: bool = False) -> None:
        if message["kind"] == "paused":
            self.pauses.append(message["reason"])

    def flush(self) -> None:
        pass

    def next_command(self) -> dict[str, Any]:
        return {"kind": "continue"}


class _CountingStepper(Stepper):
    hooked = 0

    def before_handle(self, loop: SteppingEventLoop, handle: Any, task: Any) -> Any:
        self.hooked += 1
        return super().before_handle(loop, handle, task)


def _continued(path: Path, lines: list[int]) -> tuple[list[str], int, int, int]:
    """Run the program continued from the start with breakpoints on ``lines``: (pauses,
    handles the controller was asked about, task steps, tasks still marked as visiting the
    line they paused on)."""
    namespace: dict[str, Any] = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    channel = _Continue()
    stepper = _CountingStepper(channel, VirtualClock(virtual=False), mode="interactive")
    stepper.set_breakpoints({"lines": [[str(path), line] for line in lines], "tasks": []})
    session = Session(stepper.clock, stepper)
    session.activate()
    try:
        loop = SteppingEventLoop()
        try:
            loop.run_until_complete(namespace["main"]())
        finally:
            loop.close()
    finally:
        session.deactivate()
        stepper._watch.stop()
    return (channel.pauses, stepper.hooked, stepper.totals()[0],
            len(stepper.breakpoints.visiting))


def test_only_lines_where_a_coroutine_can_be_suspended_are_live(tmp_path: Path) -> None:
    path = tmp_path / "prog.py"
    path.write_text(PROGRAM)
    assert live_lines(str(path), frozenset(range(1, 20))) == {3, 6, 8, 10, 16, 17}
    assert live_lines(str(tmp_path / "missing.py"), frozenset({4})) == {4}


def test_breakpoints_that_never_hit_leave_the_loop_free(tmp_path: Path) -> None:
    path = tmp_path / "prog.py"
    path.write_text(PROGRAM)
    free = _continued(path, [])
    assert free[0] == ["step"]  # the first pause, before the first step; continued since
    for lines in ([8], [9], [14], [1, 8, 9, 14]):
        assert _continued(path, lines) == free, lines


def test_a_live_line_pauses_each_task_that_suspends_there(tmp_path: Path) -> None:
    path = tmp_path / "prog.py"
    path.write_text(PROGRAM)
    pauses, hooked, steps, visiting = _continued(path, [6, 8])
    assert pauses == ["step", "breakpoint at line 6: task A suspended there",
                      "breakpoint at line 6: task C suspended there"]
    assert hooked < steps // 2  # the steps between the two pauses ran unhooked
    # One pause a visit: A and C ran again after their pause, so they left their visit (the
    # loop's inline check forgets them too).
    assert visiting == 0
