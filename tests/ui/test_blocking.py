"""``time.sleep(5)`` under ``--clock real``: named while it blocks, marked after it returns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loopscope.ui.source import SourceView
from loopscope.ui.tasks import TaskList

from .conftest import MakeApp, latest, program, screen_text, started, status_text, until


async def test_time_sleep_is_named_while_it_blocks_and_marked_after(make_app: MakeApp) -> None:
    app = make_app("tests/ui/programs/sleeper_blocks.py", clock="real")
    async with app.run_test(size=(140, 40)) as pilot:
        await started(pilot)
        await pilot.press("c")
        # The watchdog's blocked event, while time.sleep still runs (not a wait on wall time).
        await until(pilot, lambda: app.run_state.status == "blocked")
        blocked = app.run_state.blocked
        assert blocked is not None and blocked["ongoing"] and blocked["line"] == 9
        assert status_text(app).startswith(" blocked ")
        text = screen_text(app)
        assert "The loop is blocked: task Sleeper holds it at line 9" in text
        source = app.query_one(SourceView)
        assert source.cursor_line == 9 and source.marks.special == {9: "!"}
        # When it returns: the end of the block, then the task marked in the Tasks pane.
        await until(pilot, lambda: app.run_state.blocked is not None
                    and not app.run_state.blocked.get("ongoing"), timeout=20)
        await until(pilot, lambda: bool(app.query_one(TaskList).blocking))
        (held,) = app.query_one(TaskList).blocking.values()
        assert held > 4  # the watchdog's ticks may shave a few milliseconds off the 5 s
        row = next(line for line in screen_text(app).splitlines()
                   if line.lstrip("▶ ").startswith("Sleeper "))
        assert re.search(r"Sleeper +waiting +⚠ blocked \d+\.\d s ", row), row


async def test_a_block_that_p_paused_after_is_marked_too(
        make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The watchdog's report of the block's end can come after the pause that ``p`` asked for:
    # the task is marked all the same.
    release = tmp_path / "release"
    monkeypatch.setenv("SPIN_UNTIL", str(release))  # the spinner holds the loop until then
    app = make_app(program("spin.py"))
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "blocked")
        await pilot.press("p")
        release.touch()
        await until(pilot, lambda: app.run_state.paused, timeout=15)
        await until(pilot, lambda: bool(app.query_one(TaskList).blocking))
        row = next(line for line in screen_text(app).splitlines()
                   if line.lstrip("▶ ").startswith("Spinner "))
        assert re.search(r"^  Spinner done     ⚠ blocked \d+\.\d s returned None spinn",
                         row), row
        assert latest(app).reason == "pause"
