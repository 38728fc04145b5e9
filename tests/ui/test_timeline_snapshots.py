"""Exact screens with the timeline (v) and the task figures (y) open, on queue_workers.py.

The task figures show real CPU times, which differ between runs: their snapshot is taken with
the figures hidden again, and only the timeline is pinned here (its text is pinned in
``test_timeline_pane.py``). Refresh with ``pytest tests/ui/test_timeline_snapshots.py
--snapshot-update`` after a deliberate change of the look, and look at the result.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from .conftest import MakeApp, press, program, started


def _keys(*keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await started(pilot)
        await press(pilot, *keys)
    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_timeline_at_the_end(snap_compare: Any, make_app: MakeApp,
                             size: tuple[int, int]) -> None:
    app = make_app(program("queue_workers.py"))
    # 12 steps reach the end: asyncio's own shutdown step is folded away (presenting.py).
    assert snap_compare(app, terminal_size=size, run_before=_keys("v", *["n"] * 12))


def test_timeline_in_history(snap_compare: Any, make_app: MakeApp) -> None:
    app = make_app(program("queue_workers.py"))
    assert snap_compare(app, terminal_size=(120, 40),
                        run_before=_keys("v", *["n"] * 12, *["left"] * 7))
