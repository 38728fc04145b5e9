"""``l``: line stepping the task under the cursor, and ``breakpoint()`` in the program."""

from __future__ import annotations

from loopscope.ui.source import SourceView
from loopscope.ui.tasks import TaskList

from .conftest import MakeApp, latest, press, started, status_text, until

WALK = "tests/engine/programs/line_walk.py"


async def test_l_walks_the_lines_of_the_task_under_the_cursor(make_app: MakeApp) -> None:
    app = make_app(WALK)
    async with app.run_test(size=(140, 40)) as pilot:
        await started(pilot)
        while "Walker" not in {t.get("name") for t in latest(app).snapshot["tasks"]}:
            await press(pilot, "n")
        tasks = app.query_one(TaskList)
        while tasks.current is None or tasks.current.get("name") != "Walker":
            await press(pilot, "down")
        pauses = app.run_state.pauses
        await pilot.press("l")
        await until(pilot, lambda: app.run_state.pauses > pauses)
        assert latest(app).reason == "line step: task Walker ran 11 lines, suspended at line 12"
        assert "line step: task Walker ran 11 lines" in status_text(app)
        source = app.query_one(SourceView)
        # The Source pane follows Walker, now in inner(); every walked line of the file marked.
        assert source.cursor_line == 12
        assert source.marks.special == {17: "•", 18: "•", 19: "•", 20: "•", 7: "•", 8: "•",
                                        21: "•", 12: "•"}
        (note,) = [n for n in app._notifications if n.title == "Line step"]
        assert note.message == "first Other ran; then Walker ran lines 17 18 19 18 19 18 20 7 8 21 12"


async def test_breakpoint_in_the_program_pauses_at_its_line(make_app: MakeApp) -> None:
    app = make_app("tests/engine/programs/breakpoint_call.py")
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.paused and app.run_state.pauses >= 2)
        assert latest(app).reason == "breakpoint() at line 8: task Worker"
        assert "breakpoint() at line 8: task Worker" in status_text(app)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.ended)
        assert app.run_state.exit_code == 0
