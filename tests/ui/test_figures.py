"""The task figures view (y): per-task switches, CPU held and time waited, while stepping."""

from __future__ import annotations

import re

from loopscope.ui.stats import StatsView

from .conftest import MakeApp, press, program, screen_text, started

CPU = re.compile(r"\d+\.\d{3} ms")


def _rows(text: str) -> list[list[str]]:
    """The table's lines (from its heading on), CPU figures replaced by ``CPU``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["task", "switches"])
    rows = []
    for line in lines[start + 1:]:
        words = CPU.sub("CPU", line).split()
        if len(words) != 8:
            break
        rows.append(words)
    return rows


async def test_y_shows_the_figures_of_queue_workers_step_by_step(make_app: MakeApp) -> None:
    app = make_app(program("queue_workers.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert not app.query_one(StatsView).display
        await press(pilot, "y")
        assert app.query_one(StatsView).display
        # Paused before the first switch: only the main task exists.
        assert _rows(screen_text(app)) == [["Task-1", "0", "CPU", "CPU", "0", "s", "0", "s"]]
        await press(pilot, "n", "n", "n")
        assert _rows(screen_text(app)) == [
            ["Task-1", "1", "CPU", "CPU", "0", "s", "0", "s"],
            ["One", "1", "CPU", "CPU", "0", "s", "0", "s"],
            ["Two", "1", "CPU", "CPU", "0", "s", "0", "s"],
        ]
        while not app.run_state.finished:
            await press(pilot, "n")
        assert _rows(screen_text(app)) == [
            ["Task-1", "2", "CPU", "CPU", "17", "s", "17", "s"],
            ["One", "3", "CPU", "CPU", "17", "s", "15", "s"],
            ["Two", "3", "CPU", "CPU", "15", "s", "10", "s"],
        ]
        await press(pilot, "y")
        assert not app.query_one(StatsView).display
        assert "waited total" not in screen_text(app)


async def test_restart_starts_the_figures_again(make_app: MakeApp) -> None:
    app = make_app(program("queue_workers.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "y", "n", "n")
        assert [row[:2] for row in _rows(screen_text(app))] == [
            ["Task-1", "1"], ["One", "1"], ["Two", "0"]]
        await pilot.press("r")
        await started(pilot)
        await press(pilot, "n")
        assert [row[:2] for row in _rows(screen_text(app))] == [
            ["Task-1", "1"], ["One", "0"], ["Two", "0"]]
