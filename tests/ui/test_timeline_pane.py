"""The timeline pane (v): one lane per task over virtual time, following the step on screen.

At 145 columns the pane has 137 columns of time, so the 17 s of samples/queue_workers.py are
drawn at exactly 8 columns a second (t=0 in the first column, t=17 in the last): the waits of
15, 10, 5 and 2 s are 120, 80, 40 and 16 columns from one step (``┃``) to the next.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from loopscope.replay import ReplaySource
from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.timeline_pane import LEGEND, TimelinePane

from .conftest import REPO, MakeApp, press, program, screen_text, started, until

SIZE = (145, 40)


def _wait(label: str, columns: int) -> str:
    """A wait bar of ``columns`` columns between two steps."""
    return label + "─" * (columns - len(label))


#: The lanes of the whole run.
END = {
    "timers": "timers  " + " " * 80 + "▼" + " " * 39 + "▼" + " " * 15 + "▼",
    "Task-1": "Task-1  ┃" + _wait("gather(2 tasks, 0 done)", 135) + "┃",
    "One": "One     ┃" + _wait("sleep(15)", 119) + "┃" + _wait("sleep(2)", 15) + "┃",
    "Two": "Two     ┃" + _wait("sleep(10)", 79) + "┃" + _wait("sleep(5)", 39) + "┃" + " " * 16,
}


def _pane(app: LoopscopeApp) -> list[str]:
    """The pane's lines on screen, from its title to its legend (trailing blanks cut)."""
    lines = [line.rstrip() for line in screen_text(app).splitlines()]
    top = next(i for i, line in enumerate(lines) if line.startswith("─Timeline"))
    bottom = lines.index(LEGEND.rstrip())
    return lines[top: bottom + 1]


def _lanes(app: LoopscopeApp) -> dict[str, str]:
    return {line.split()[0]: line for line in _pane(app)[1:-3]}


async def _to_the_end(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, LoopscopeApp)
    while not app.run_state.finished:
        await press(pilot, "n")


async def test_v_draws_queue_workers_to_scale(make_app: MakeApp) -> None:
    app = make_app(program("queue_workers.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert not app.query_one(TimelinePane).display
        await press(pilot, "v")
        assert _pane(app)[0].startswith("─Timeline · t=0–0 s─")
        assert _lanes(app) == {"timers": "timers", "Task-1": "Task-1  ░"}
        await _to_the_end(pilot)
        pane = _pane(app)
        assert pane[0].startswith("─Timeline · t=0–17 s─")
        assert _lanes(app) == {key: line.rstrip() for key, line in END.items()}
        assert pane[-3].split() == ["t", "(s)", "0", "2", "4", "6", "8", "10", "12", "14", "16"]
        assert pane[-2] == " " * 139 + "t=17 ▲"  # the marker: now, in the last column
        await press(pilot, "v")
        assert "─Timeline" not in screen_text(app)


async def test_the_pane_follows_the_history(make_app: MakeApp) -> None:
    app = make_app(program("queue_workers.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "v")
        await _to_the_end(pilot)
        live = _pane(app)
        await press(pilot, "left", "left")  # (history skips asyncio's own step 17: z shows it)
        # Step 13, t=17: Task-1 is ready (its gather is over) and has not run yet.
        assert _pane(app)[0].startswith("─Timeline · t=0–17 s · as at step 13─")
        assert _lanes(app) == {
            "timers": END["timers"], "One": END["One"], "Two": END["Two"].rstrip(),
            "Task-1": "Task-1  ┃" + _wait("gather(2 tasks, 0 done)", 135) + "░"}
        assert _pane(app)[-2] == " " * 129 + "t=17 · step 13 ▲"
        await press(pilot, *["left"] * 5)
        # Step 5, t=10: Two has just run; One and Task-1 still wait; one timer has fired.
        assert _lanes(app) == {
            "timers": "timers  " + " " * 80 + "▼",
            "Task-1": "Task-1  ┃" + _wait("gather(2 tasks, 0 done)", 80),
            "One": "One     ┃" + _wait("sleep(15)", 80),
            "Two": "Two     ┃" + _wait("sleep(10)", 79) + "┃",
        }
        assert _pane(app)[-2] == " " * 88 + "▲ t=10 · step 5"
        await press(pilot, *["left"] * 5)
        # Step 0: nothing ran yet, the main task is ready.
        assert _lanes(app) == {"timers": "timers", "Task-1": "Task-1  ░"}
        assert _pane(app)[-2] == " " * 8 + "▲ t=0 · step 0"
        await press(pilot, *["right"] * 12)
        assert _pane(app) == live


async def test_restart_starts_a_new_timeline(make_app: MakeApp) -> None:
    app = make_app(program("queue_workers.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "v", "n", "n", "n")
        assert set(_lanes(app)) == {"timers", "Task-1", "One", "Two"}
        await pilot.press("r")
        await started(pilot)
        assert _lanes(app) == {"timers": "timers", "Task-1": "Task-1  ░"}


async def test_what_ran_freely_is_marked_not_followed(make_app: MakeApp) -> None:
    app = make_app(program("queue_workers.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "v", "n", "n", "n", "n")  # paused at t=10, before Two's step
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.finished)
        # From t=10 on the debuggee reported no steps: every lane is "not followed" there,
        # and asyncio's own shutdown tasks, created meanwhile, still get no lane.
        assert _lanes(app) == {
            "timers": "timers  " + " " * 80 + "▼",
            "Task-1": "Task-1  ┃" + _wait("gather(2 tasks, 0 done)", 79) + "┄" * 57,
            "One": "One     ┃" + _wait("sleep(15)", 79) + "┄" * 57,
            "Two": "Two     ┃" + _wait("sleep(10)", 79) + "┄" * 57,
        }


async def test_a_replay_draws_the_same_timeline(tmp_path: Path) -> None:
    recording = tmp_path / "run.loopscope"
    done = subprocess.run([sys.executable, "-m", "loopscope", "record", "-o", str(recording),
                           "samples/queue_workers.py"], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    source = ReplaySource(str(recording))
    app = LoopscopeApp(source)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await started(pilot)
            await press(pilot, "v")
            await _to_the_end(pilot)
            assert _lanes(app) == {key: line.rstrip() for key, line in END.items()}
    finally:
        source.stop()
