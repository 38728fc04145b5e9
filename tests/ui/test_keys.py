"""The other keys: breakpoints (b, --break, --break-task), help, maximize, palette, quit."""

from __future__ import annotations

import os

from loopscope.ui.help import HelpScreen
from loopscope.ui.source import SourceView
from loopscope.ui.stdin import StdinLine

from .conftest import (
    REPO,
    MakeApp,
    latest,
    press,
    process_of,
    program,
    screen_text,
    started,
    status_text,
    until,
)


async def _continue(pilot, app) -> None:  # type: ignore[no-untyped-def]
    before = app.run_state.pauses
    await pilot.press("c")
    await until(pilot, lambda: app.run_state.pauses > before or app.run_state.finished)


async def test_b_sets_a_breakpoint_that_stops_continue_every_time(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        source = app.query_one(SourceView)
        source.focus()
        lines = [text.plain for text in source.lines]
        target = lines.index("        await asyncio.sleep(decide_time)") + 1
        for _ in range(source.cursor_line - target):
            await pilot.press("up")
        assert source.cursor_line == target
        await press(pilot, "b")
        assert source.marks.breakpoints == {target}
        assert "1 breakpoint" in status_text(app)
        assert f"●  {target} │" in screen_text(app) or f"● {target} │" in screen_text(app)
        hits = []
        for _ in range(3):
            await _continue(pilot, app)
            entry = latest(app)
            hits.append(entry.reason)
            assert entry.narration.startswith(f"Breakpoint at line {target}: ")
        assert [hit.split(":")[0] for hit in hits] == [f"breakpoint at line {target}"] * 3
        # b again removes it: c now runs to the end.
        source.focus()
        source.cursor_line = target
        await press(pilot, "b")
        assert source.marks.breakpoints == set()
        await _continue(pilot, app)
        await until(pilot, lambda: app.run_state.ended)
        assert app.run_state.exit_code == 0


async def test_breakpoints_from_the_command_line_are_shown_and_hit(make_app: MakeApp) -> None:
    script = program("two_sleepers.py")
    line = 8  # print(f"{name} woke") is where the sleepers resume: await is line 8
    app = make_app(script, breaks=(f"{os.path.join(REPO, script)}:{line}",))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert "1 breakpoint" in status_text(app)
        await press(pilot, "n")
        await _continue(pilot, app)
        assert latest(app).reason.startswith(f"breakpoint at line {line}")
        assert line in app.query_one(SourceView).marks.breakpoints


async def test_task_breakpoint_from_the_command_line(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"), break_tasks=("B",))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await _continue(pilot, app)
        entry = latest(app)
        assert entry.reason.startswith("breakpoint on task B")
        assert entry.snapshot["ready"][0]["task"] == "B"
        assert "●B" in screen_text(app)


async def test_breakpoints_survive_a_restart(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        source = app.query_one(SourceView)
        target = [t.plain for t in source.lines].index(
            "        await asyncio.sleep(decide_time)") + 1
        source.cursor_line = target
        await press(pilot, "b", "r")
        await until(pilot, lambda: app.run_state.pauses >= 1)
        await _continue(pilot, app)
        assert latest(app).reason.startswith(f"breakpoint at line {target}")


async def test_question_mark_opens_help_and_escape_closes_it(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Next switch" in text and "Breakpoint" in text and "Restart" in text
        # b only pauses at a line where a task suspends or resumes, and the help says so.
        rows = text.splitlines()
        at = next(i for i, line in enumerate(rows) if "Breakpoint:" in line)
        assert [row.split("│")[1].strip() for row in rows[at:at + 2]] == [
            "b         Breakpoint: Toggle a breakpoint on the Source line under the cursor (a",
            "task pauses when it suspends or resumes there: an await line)"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_m_maximizes_the_focused_pane_and_restores_it(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        source = app.query_one(SourceView)
        source.focus()
        await press(pilot, "m")
        assert app.screen.maximized is source
        assert "Tasks" not in screen_text(app).splitlines()[0]
        await press(pilot, "n")  # stepping still works while maximized
        assert app.run_state.pauses == 2
        await press(pilot, "m")
        assert app.screen.maximized is None
        await press(pilot, "tab")  # the Tasks pane maximizes whole (list and chain)
        app.query_one("#task-list").focus()
        await press(pilot, "m")
        assert app.screen.maximized is app.query_one("#tasks")


async def test_every_command_is_in_the_palette(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for name in ("Next switch", "Callback", "Continue", "Pause", "Back", "Forward",
                     "To task", "Breakpoint", "Restart", "Help", "Quit"):
            assert any(title.startswith(name) for title in titles), name
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next switch")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.run_state.pauses >= 2)
        assert latest(app).snapshot["switches"] == 1


async def test_q_quits_and_leaves_no_process(make_app: MakeApp) -> None:
    app = make_app(program("busy.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.running)
        process = process_of(app)
        await pilot.press("q")
        await pilot.pause()
    assert process is not None and process.poll() is not None
    assert app.return_code == 0


async def test_stdin_line_hides_on_short_screens_until_wanted(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        stdin = app.query_one(StdinLine)
        assert not stdin.display or stdin.styles.display == "none"
        await press(pilot, "i")
        assert app.focused is stdin and stdin.region.height == 1
        await press(pilot, "escape")
        assert app.focused is not stdin
