"""``/`` filters the Tasks pane by name, state or file; the filter holds across steps; Esc clears."""

from __future__ import annotations

import re

from loopscope.ui.tasks import TaskFilter, TaskList, TasksPane, matches

from .conftest import MakeApp, press, program, started, until


async def _type(pilot: object, text: str) -> None:
    """Type into the focused input (``press`` would take ``t`` and ``n`` for commands), then
    wait until the Tasks pane has taken in the last ``Input.Changed`` (each key posts one)."""
    await pilot.press(*text)  # type: ignore[attr-defined]
    pane = pilot.app.query_one(TasksPane)  # type: ignore[attr-defined]
    await until(pilot, lambda: pane._words == text.lower().split())  # type: ignore[arg-type]


def _names(app: object) -> list[str]:
    """The names listed, asyncio's automatic names as ``Task-#`` (their number varies)."""
    task_list = app.query_one(TaskList)  # type: ignore[attr-defined]
    return [re.sub(r"^Task-\d+$", "Task-#", row["name"]) for row in task_list.rows]


async def test_slash_filters_the_tasks_and_escape_clears(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n")  # main seated the four tables
        assert _names(app) == ["Task-#", "Table 1", "Table 2", "Table 3", "Table 4"]
        await press(pilot, "slash")
        assert isinstance(app.focused, TaskFilter)
        await _type(pilot, "table 3")
        assert _names(app) == ["Table 3"]
        task_list = app.query_one(TaskList)
        assert task_list.border_title.startswith("Tasks (5 alive, 5 seen) · 1 match /table 3")
        await press(pilot, "enter")  # keep the filter, back to the list
        assert app.focused is task_list
        await press(pilot, "n", "n")  # steps keep the filter
        assert _names(app) == ["Table 3"]
        await press(pilot, "slash", "escape")
        assert app.focused is task_list
        assert _names(app) == ["Task-#", "Table 1", "Table 2", "Table 3", "Table 4"]
        assert not app.query_one(TaskFilter).display


async def test_filter_by_state_and_by_file(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n", "n")
        await press(pilot, "slash")
        await _type(pilot, "ready")
        assert _names(app) == ["Table 2", "Table 3", "Table 4"]
        await press(pilot, "escape", "slash")
        await _type(pilot, "waiter.py waiting")
        assert _names(app) == ["Task-#", "Table 1"]
        await press(pilot, "escape", "slash")
        await _type(pilot, "nothing-like-this")
        assert _names(app) == []


def test_matches_every_word_in_name_state_or_file() -> None:
    task = {"name": "Worker 7", "state": "waiting", "file": "/srv/app/jobs.py"}
    assert matches(task, ["worker", "jobs.py"])
    assert matches(task, ["wait"])
    assert not matches(task, ["worker", "ready"])
    assert matches(task, [])
