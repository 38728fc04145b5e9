"""Exact screens of the narration: samples/waiter.py told by the waiter, and the log open.

Refresh after a deliberate change of the look with
``pytest tests/ui/test_snapshots_narration.py --snapshot-update``, then look at the SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from .conftest import MakeApp, press, program, started


def _then(*keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await started(pilot)
        await press(pilot, *keys)
        pilot.app.clear_notifications()  # the toast of w would hide the panes it covers
        await press(pilot)
    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_waiter_told_by_the_waiter_at_step_6(snap_compare: Any, make_app: MakeApp,
                                             size: tuple[int, int]) -> None:
    app = make_app(program("waiter.py"))
    assert snap_compare(app, terminal_size=size, run_before=_then(*"nnnnnn", "w"))


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_waiter_with_the_narration_log_at_step_6_of_10(snap_compare: Any, make_app: MakeApp,
                                                       size: tuple[int, int]) -> None:
    app = make_app(program("waiter.py"))
    assert snap_compare(app, terminal_size=size,
                        run_before=_then(*"nnnnnnnnnn", "j", "w", *["left"] * 4))
