"""Presenting keys: auto-play (a, +, -), the phase strip, folding asyncio's steps (z), x.

Nothing here waits on a wall clock. Auto-play's timer callback is called directly where a test
needs an exact count of steps; the one test that lets the real timer run waits for a number of
pauses observed, whatever time that takes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from loopscope.ui.autoplay import AutoPlay, stops_at
from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.phase_strip import PhaseStrip

from .conftest import MakeApp, latest, press, program, screen_text, started, status_text, until

SIZE = (120, 40)
#: A pace whose timer never fires while a test runs: the test calls the callback itself.
NEVER = 3600.0


def _messages(app: LoopscopeApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def _settled(app: LoopscopeApp) -> bool:
    """The screen rests on a pause that folding does not skip, or on the end."""
    run = app.run_state
    return run.finished or (run.paused and not (app.fold and latest(app).own))


async def _settled_step(pilot: Pilot[Any], app: LoopscopeApp) -> None:
    await press(pilot, "n")
    await until(pilot, lambda: _settled(app))


async def _steps_landed_on(pilot: Pilot[Any], app: LoopscopeApp) -> list[Any]:
    steps = [latest(app).snapshot.get("step")]
    while not app.run_state.finished:
        await _settled_step(pilot, app)
        entry = latest(app)
        steps.append("final" if entry.reason == "final" else entry.snapshot.get("step"))
    return steps


async def test_space_folds_away_asyncio_s_shutdown_steps(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert await _steps_landed_on(pilot, app) == [
            0, 1, 2, 3, 4, 5, 6, 8, 9, 11, 12, 14, 15, 17, 19, "final"]
        # The folded pause is in history, and walking back skips it: final -> 19 -> 17.
        assert [e.snapshot.get("step") for e in app.run_state.history if e.own] == [21]
        await press(pilot, "left")
        assert app.view is not None
        assert app.run_state.history.get(app.view).snapshot.get("step") == 19
        assert "finished (returned None); next: Task-" in screen_text(app)
        assert app.run_state.history.get(app.view).narration.endswith(
            ", asyncio's own shutdown_asyncgens")
        await press(pilot, "right")
        assert app.view is None and "The program has finished (exit 0)" in screen_text(app)
        # z shows them: history stops at step 21, asyncio's shutdown_default_executor next.
        await press(pilot, "z")
        assert "asyncio's own start-up and shutdown steps are shown." in _messages(app)
        await press(pilot, "left")
        assert app.view is not None
        assert app.run_state.history.get(app.view).snapshot.get("step") == 21


async def test_z_then_space_stops_at_asyncio_s_own_steps(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "z")
        assert await _steps_landed_on(pilot, app) == [
            0, 1, 2, 3, 4, 5, 6, 8, 9, 11, 12, 14, 15, 17, 19, 21, "final"]


async def test_the_phase_strip_follows_the_loop_s_cycle(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        strip = app.query_one(PhaseStrip)
        seen = [str(strip.render())]
        for _ in range(6):
            await press(pilot, "n")
            seen.append(str(strip.render()))
        cycle = "run the ready callbacks › check the timers › wait for I/O or the clock"
        assert seen == [
            f"loop: {cycle}",
            "loop:  run the ready callbacks  › check the timers › wait for I/O or the clock  "
            "(4 ready)",
            "loop:  run the ready callbacks  › check the timers › wait for I/O or the clock  "
            "(3 ready)",
            "loop:  run the ready callbacks  › check the timers › wait for I/O or the clock  "
            "(2 ready)",
            "loop:  run the ready callbacks  › check the timers › wait for I/O or the clock  "
            "(1 ready)",
            "loop: run the ready callbacks › check the timers ›  wait for I/O or the clock   "
            "(next timer at t=2.0)",
            "loop: run the ready callbacks ›  check the timers  › wait for I/O or the clock  "
            "(clock at t=2.0)",
        ]
        await press(pilot, "left")  # history shows the phase of the step on screen
        assert str(strip.render()).endswith("(next timer at t=2.0)")


async def test_autoplay_steps_at_its_pace_and_a_step_key_stops_it(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "auto-play" not in status_text(app)
        await press(pilot, "plus")
        assert "A step every 0.5 s." in _messages(app)
        await press(pilot, "minus", "minus")
        app.autoplay.pace = NEVER  # the timer is armed but will not fire during the test
        await press(pilot, "a")  # paused: the first step goes at once, the next one is timed
        await until(pilot, lambda: app.run_state.pauses == 2)
        assert app.autoplay.playing and app._autoplay_timer is not None
        assert "auto-play: a step every 3600 s (+ faster, - slower)" in status_text(app)
        await press(pilot, "plus", "plus")
        assert "auto-play: a step every 2 s (+ faster, - slower)" in status_text(app)
        app.autoplay.pace = NEVER
        for pauses in (3, 4):
            app._autoplay_step()  # what the timer does when it fires
            await until(pilot, lambda: app.run_state.pauses == pauses)  # noqa: B023
        assert latest(app).snapshot["step"] == 3
        assert latest(app).narration == ("Table 2 awaited sleep(5): a timer is set for t=5.0; "
                                          "next: Table 3")
        await pilot.press("n")  # stops auto-play, and does not step
        await pilot.pause()
        assert not app.autoplay.playing and app._autoplay_timer is None
        assert "Auto-play stopped." in _messages(app)
        assert "auto-play" not in status_text(app)
        app._autoplay_step()  # a late timer does nothing once stopped
        await press(pilot, "p")
        assert app.run_state.pauses == 4


async def test_autoplay_with_its_own_timer_runs_until_p(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "plus", "plus", "a")
        assert app.autoplay.pace == 0.25
        await until(pilot, lambda: app.run_state.pauses >= 6, timeout=30)
        assert app.autoplay.playing
        await press(pilot, "p")
        assert not app.autoplay.playing


@pytest.mark.parametrize(("sample", "stop", "message"), [
    ("deadlock.py", "deadlock", "Auto-play stopped at a deadlock."),
    ("waiter.py", "final", "Auto-play stopped at the end of the program."),
])
async def test_autoplay_stops_at_a_deadlock_and_at_the_end(
        make_app: MakeApp, sample: str, stop: str, message: str) -> None:
    app = make_app(program(sample))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.autoplay.pace = NEVER
        before = app.run_state.pauses
        await press(pilot, "a")
        while True:
            await until(pilot, lambda: app.run_state.pauses > before)  # noqa: B023
            await until(pilot, lambda: _settled(app))
            if not app.autoplay.playing:
                break
            before = app.run_state.pauses
            app._autoplay_step()  # what the timer does when it fires
        assert latest(app).reason == stop
        assert message in _messages(app)
        assert app._autoplay_timer is None


def test_pace_and_stopping_rule() -> None:
    play = AutoPlay()
    assert [play.faster(), play.faster(), play.faster()] == [0.5, 0.25, 0.25]
    assert [play.slower() for _ in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert [stops_at(r) for r in ("step", "idle", "step_callback")] == [None, None, None]
    assert stops_at("breakpoint at line 40: task Table 1 resumes") == "breakpoint at line 40"
    assert stops_at("exception in task B: ValueError: x") == "exception in task B"
    assert stops_at("time limit") == "time limit"


async def test_x_saves_the_screen_named_by_sample_and_step(
        make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, *"nnnnnnn", "x")
        saved = tmp_path / "waiter-step-0008.svg"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["waiter-step-0008.svg"]
        svg = saved.read_text()
        assert svg.startswith("<svg") and "Table&#160;4&#160;finished" in svg
        assert f"Screen saved as {saved}" in _messages(app)
        await press(pilot, "left", "left", "x")
        assert (tmp_path / "waiter-step-0005.svg").exists()
