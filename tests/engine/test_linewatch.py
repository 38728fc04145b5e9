"""Breakpoints that never hit cost nothing on 3.12+ (``engine/linewatch.py``), and hit the same.

On 3.12+ a line breakpoint is filtered by ``sys.monitoring``: only a task that executes a
breakpoint line is checked after its step; on 3.11 every step is checked. The pauses must be
the same either way, so these tests pin one list of pauses that every Python must give, and
test the watch itself where it exists.
"""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from loopscope.engine.linewatch import LineWatch

from .test_interactive import QUEUE_WORKERS, Driver, needs_codetiming

needs_monitoring = pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is 3.12+")


def continued_to_the_end(driver: Driver) -> list[tuple[str, int, float]]:
    """``continue`` after every pause until the program ends: (reason, step, t) of each pause."""
    hits = []
    while True:
        driver.send("continue")
        try:
            paused = driver.pause()
        except AssertionError:
            assert driver.ended is not None and driver.ended["code"] == 0
            return hits
        hits.append((paused["reason"], paused["snapshot"]["step"], paused["snapshot"]["t"]))


@needs_codetiming
def test_breakpoint_set_where_a_task_already_waits(start: Any) -> None:
    """One already sleeps on line 33 when the breakpoint is set: it pauses as it resumes."""
    driver = start(QUEUE_WORKERS)
    driver.pause()
    while True:
        paused = driver.step()
        one = next((t for t in paused["snapshot"]["tasks"] if t["name"] == "One"), None)
        if one is not None and one["line"] == 33 and one["state"] == "waiting":
            break
    assert paused["snapshot"]["step"] == 2
    driver.send("set_breakpoints", lines=[[QUEUE_WORKERS, 33]], tasks=[])
    hits = continued_to_the_end(driver)
    assert hits == [
        ("breakpoint at line 33: task Two suspended there", 3, 0.0),
        ("breakpoint at line 33: task Two suspended there", 5, 10.0),
        ("breakpoint at line 33: task One resumes", 7, 15.0),
        ("breakpoint at line 33: task One suspended there", 8, 15.0),
    ]


PROGRAM = textwrap.dedent("""\
    import asyncio

    async def worker(n):
        for i in range(n):
            if i == 3:
                await asyncio.sleep(0)  # line 6: the breakpoint
            await asyncio.sleep(0)

    async def main():
        await asyncio.gather(worker(5), worker(2), worker(4))
""")


@needs_monitoring
def test_the_watch_reports_only_tasks_on_breakpoint_lines(tmp_path: Path) -> None:
    path = tmp_path / "prog.py"
    path.write_text(PROGRAM)
    namespace: dict[str, Any] = {}
    exec(compile(PROGRAM, str(path), "exec"), namespace)
    touched: list[str] = []
    watch = LineWatch(lambda task: touched.append(task.get_name()))
    assert watch.watch({str(path): frozenset({6})})
    try:
        async def named() -> None:
            await asyncio.gather(*(asyncio.create_task(namespace["worker"](n), name=name)
                                   for n, name in ((5, "A"), (2, "B"), (4, "C"))))
        asyncio.run(named())
    finally:
        watch.stop()
    assert touched == ["A", "C"]
    assert not watch.active


@needs_codetiming
def test_breakpoint_on_the_def_line_pauses_before_each_first_step(start: Any) -> None:
    """A task not yet started sits on its ``async def`` line: it pauses before it starts."""
    driver = start(QUEUE_WORKERS, breaks=[f"{QUEUE_WORKERS}:24"])
    driver.pause()
    hits = continued_to_the_end(driver)
    assert hits == [("breakpoint at line 24: task One resumes", 1, 0.0),
                    ("breakpoint at line 24: task Two resumes", 2, 0.0)]
