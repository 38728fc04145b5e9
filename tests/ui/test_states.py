"""Every state the status bar can name, and how the screen shows each one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from loopscope.ui.feed import LiveSource
from loopscope.ui.output import OutputView
from loopscope.ui.ready_queue import ReadyQueue
from loopscope.ui.source import SourceView
from loopscope.ui.stdin import StdinLine

from .conftest import MakeApp, latest, press, program, screen_text, started, status_text, until


async def test_starting_then_paused(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.run_state.status in ("starting", "paused")
        await started(pilot)
        assert app.run_state.status == "paused"


async def test_running_and_progress_redraws_at_most_ten_a_second(make_app: MakeApp) -> None:
    app = make_app(program("busy.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        draws: list[float] = []
        original = app._draw_now

        def counting() -> None:
            draws.append(time.monotonic())
            original()

        app._draw_now = counting  # type: ignore[method-assign]
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.progress is not None)
        assert status_text(app).startswith(" running ")
        started_at = time.monotonic()
        await until(pilot, lambda: time.monotonic() - started_at > 1.0 and len(draws) > 3)
        span = draws[-1] - draws[0]
        assert len(draws) <= span * 10 + 2  # ten a second, give or take the edges
        assert app.run_state.status in ("running", "blocked")
        await pilot.press("p")
        await until(pilot, lambda: app.run_state.paused)
        assert latest(app).reason == "pause"
        assert status_text(app).startswith(" paused ")
        assert "you pressed p" in status_text(app)
        narration = latest(app).narration
        assert narration.startswith("Paused: the loop made "), narration


async def test_p_while_blocked_names_the_line_at_once(
        make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = tmp_path / "release"
    monkeypatch.setenv("SPIN_UNTIL", str(release))  # the spinner holds the loop until then
    app = make_app(program("spin.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "blocked")
        text = screen_text(app)
        assert "The loop is blocked: task Spinner holds it at line 11" in text
        assert status_text(app).startswith(" blocked ")
        source = app.query_one(SourceView)
        assert source.cursor_line == 11 and source.marks.special == {11: "!"}
        await pilot.press("p")
        # A pause can only land between two handles: not while the step still spins.
        await pilot.pause()
        assert not app.run_state.paused and app.run_state.status == "blocked"
        release.touch()
        await until(pilot, lambda: app.run_state.paused, timeout=15)
        assert latest(app).reason == "pause"
        assert "spun" in screen_text(app)


async def test_deadlock_says_deadlock_and_what_each_task_waits_for(make_app: MakeApp) -> None:
    app = make_app(program("deadlock.py"))
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "deadlock")
        text = screen_text(app)
        assert status_text(app).startswith(" deadlock ")
        assert "Deadlock: no task can ever run again" in text
        assert text.count("Event.wait()") >= 2
        assert "(empty)" in text
        why = app.query_one(ReadyQueue).empty_lines[1].plain
        assert why == "nothing is ready, and nothing can wake the waiting tasks"
        await pilot.press("c")  # asyncio.run cancels the tasks; the program exits 1
        await until(pilot, lambda: app.run_state.ended)
        assert app.run_state.exit_code == 1


async def test_crash_shows_traceback_in_output_and_the_line_in_source(make_app: MakeApp) -> None:
    app = make_app(program("crash.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(" crashed (exit 1) ")
        output = app.query_one(OutputView).lines
        assert ("stderr", "ZeroDivisionError: division by zero") in output
        assert any(stream == "stderr" and "Traceback" in line for stream, line in output)
        source = app.query_one(SourceView)
        assert source.cursor_line == 8
        assert source.marks.special == {8: "✗"}
        assert "ZeroDivisionError here" in str(source.border_title)
        text = screen_text(app)
        assert "┃ ZeroDivisionError: division by zero" in text
        assert "The program crashed with ZeroDivisionError: division by zero at line 8" in text


async def test_exit_code_is_shown(make_app: MakeApp) -> None:
    app = make_app(program("exit3.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(" finished (exit 3) ")
        assert ("stderr", "leaving with 3") in app.query_one(OutputView).lines


async def test_a_killed_debuggee_says_how_and_r_restarts(make_app: MakeApp) -> None:
    app = make_app(program("killed.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(" died (SIGKILL) ")
        assert "The program was killed by SIGKILL; press r to restart" in screen_text(app)
        await pilot.press("r")
        await until(pilot, lambda: app.run_state.pauses >= 1)
        assert status_text(app).startswith(" paused ")
        assert latest(app).snapshot["step"] == 0


async def test_restart_starts_a_fresh_program(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await press(pilot, "n", "n", "n", "left")
        old = app.source
        await pilot.press("r")
        await until(pilot, lambda: app.run_state.pauses >= 1)
        assert app.source is not old
        assert isinstance(old, LiveSource) and old.debuggee.process is not None
        assert old.debuggee.process.poll() is not None
        assert app.view is None and len(app.run_state.history) == 1
        assert "step 0" in status_text(app)
        assert app.query_one(OutputView).lines == []


async def test_stdin_line_feeds_the_program(make_app: MakeApp) -> None:
    app = make_app(program("reader.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "blocked")
        assert app.query_one(StdinLine).has_class("-wanted")
        assert "probably for input: press i" in screen_text(app)
        await pilot.press("i")
        await pilot.press(*"hello", "enter")
        await until(pilot, lambda: app.run_state.ended)
        lines = app.query_one(OutputView).lines
        assert lines[:2] == [("stdin", "hello"), ("stdout", "got 'hello'")]
        assert "› hello" in screen_text(app)


async def test_keys_typed_in_the_stdin_line_do_not_step(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("i", "n", "space", "c", "q")
        await pilot.pause()
        assert app.query_one(StdinLine).value == "n cq"
        assert app.run_state.pauses == 1 and app.is_running
        await pilot.press("escape")
        assert not isinstance(app.focused, StdinLine)


async def test_stdout_and_stderr_are_told_apart(make_app: MakeApp) -> None:
    app = make_app(program("exit3.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.ended)
        assert "┃ leaving with 3" in screen_text(app)


async def test_a_program_without_an_event_loop_just_finishes(make_app: MakeApp) -> None:
    app = make_app(program("no_loop.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(" finished (exit 0) ")
        text = screen_text(app)
        assert "no asyncio here" in text
        assert "Source · no_loop.py" in text
        assert "The program has finished (exit 0)" in text


async def test_r_restarts_after_the_program_ended_while_typing_in_stdin(
        make_app: MakeApp) -> None:
    # The program read its line and ended: the stdin line lets go of the keys, so the "press r
    # to restart" of the narration works (r was typed into a closed stdin).
    app = make_app(program("reader.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "blocked")
        await pilot.press("i", *"hello", "enter")
        await until(pilot, lambda: app.run_state.ended)
        assert not isinstance(app.focused, StdinLine)
        assert "The program has finished (exit 0); press r to restart" in screen_text(app)
        await pilot.press("r")
        await until(pilot, lambda: app.run_state.pauses >= 1 and not app.run_state.ended)
        assert app.query_one(StdinLine).value == ""
        assert "Paused before the first switch; next: Task-1" in screen_text(app)
