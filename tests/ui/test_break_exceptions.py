"""``--break-exceptions``: the pause says which task failed, in the narration too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from loopscope.session import Launch
from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.feed import LiveSource
from loopscope.ui.narration import Narration

from .conftest import REPO, latest, program, screen_text, started, until


def narration(app: LoopscopeApp) -> str:
    """The narration line as on screen."""
    region = app.query_one(Narration).region
    rows = screen_text(app).splitlines()[region.y:region.bottom]
    return " ".join(row.strip() for row in rows)


@pytest.fixture
def app() -> Iterator[LoopscopeApp]:
    launch = Launch(target=[program("orphan.py")], cwd=str(REPO), time_limit=86400.0,
                    break_exceptions=True)
    app = LoopscopeApp(LiveSource(launch))
    yield app
    app.source.stop()


async def test_the_pause_at_an_exception_says_so(app: LoopscopeApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: latest(app).reason.startswith("exception"))
        assert narration(app) == (
            "Exception in task fetch-1: the clock moved to t=0.5; the loop made 6 switches; "
            "next: fetch-2")
        await pilot.press("w")
        assert narration(app) == (
            "Exception in task fetch-1: time passes to t=0.5; the waiter made 6 visits. He "
            "goes to table fetch-2, which is ready to order.")
