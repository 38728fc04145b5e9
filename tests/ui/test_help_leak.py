"""Opening help does not leak (issue 14, item 2).

Each screen pushed or popped changes the bindings, and Textual's ``Footer`` rebuilds its keys;
each ``FooterKey`` it made stayed alive through a watcher kept on the footer (Textual issue
#6666): 200-470 KB per opening of help, without end. ``KeyBar`` lets them go.
"""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from loopscope.ui.footer import KeyBar
from loopscope.ui.help import HelpScreen

from .conftest import MakeApp, program, settle, started

OPENINGS = 20


def live_footer_keys() -> int:
    gc.collect()
    return sum(isinstance(thing, FooterKey) for thing in gc.get_objects())


async def test_opening_help_again_and_again_keeps_no_footer_keys(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)

        async def open_and_close() -> None:
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, HelpScreen)

        await open_and_close()
        shown = len(app.query_one(KeyBar).query(FooterKey))
        assert shown > 5
        assert live_footer_keys() == shown
        for _ in range(OPENINGS):
            await open_and_close()
        # Only the keys on screen are alive (before: about 18 more each time).
        assert len(app.query_one(KeyBar).query(FooterKey)) == shown
        assert live_footer_keys() == shown
        watchers = getattr(app.query_one(KeyBar), "__watchers", {})
        assert all(len(entries) <= shown for entries in watchers.values())
