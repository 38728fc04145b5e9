"""Exact screens: SVG snapshots of samples/waiter.py, and history shows the past exactly.

The SVGs live in ``__snapshots__/test_snapshots/``; after a deliberate change of the look,
review them and refresh with ``pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from .conftest import REPO, MakeApp, press, program, screen_text, started, status_text, until


def _steps(count: int, then: tuple[str, ...] = ()) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await started(pilot)
        await press(pilot, *(["n"] * count), *then)
        text = screen_text(pilot.app)  # type: ignore[arg-type]
        assert str(REPO) not in text and "/home/" not in text and "/root/" not in text
    return run_before


@pytest.mark.parametrize("steps", [0, 3, 6, 10])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_waiter_at_step(snap_compare: Any, make_app: MakeApp, size: tuple[int, int],
                        steps: int) -> None:
    app = make_app(program("waiter.py"))
    assert snap_compare(app, terminal_size=size, run_before=_steps(steps))


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_waiter_history_step_6_of_10(snap_compare: Any, make_app: MakeApp,
                                     size: tuple[int, int]) -> None:
    app = make_app(program("waiter.py"))
    assert snap_compare(app, terminal_size=size,
                        run_before=_steps(10, then=("left",) * 4))


def test_the_end_after_c(snap_compare: Any, make_app: MakeApp,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The final screen after c: last step, final time, exit status, every task with how it
    ended, the output. The program keeps its tasks referenced, so that what the final
    snapshot can describe does not hang on when the collector frees them."""
    monkeypatch.setenv("LOOPSCOPE_PROGRESS_EVERY", "3600")  # see test_the_end.py
    async def run_before(pilot: Pilot[Any]) -> None:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: pilot.app.run_state.ended)  # type: ignore[attr-defined]

    app = make_app(program("kept_tasks.py"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 48), (200, 60)])
async def test_left_ten_times_shows_the_screens_of_steps_ten_down_to_zero(
        make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        live = [screen_text(app, without_status=True)]
        for _ in range(10):
            await press(pilot, "n")
            live.append(screen_text(app, without_status=True))
        assert len(set(live)) == 11  # every step changed the screen
        for step in range(9, -1, -1):
            await press(pilot, "left")
            assert f"HISTORY {step + 1}/11" in status_text(app)
            assert screen_text(app, without_status=True) == live[step], f"step {step}"
        for step in range(1, 10):
            await press(pilot, "right")
            assert screen_text(app, without_status=True) == live[step], f"step {step}"
        await press(pilot, "right")
        assert "HISTORY" not in status_text(app)
        assert screen_text(app, without_status=True) == live[10]
