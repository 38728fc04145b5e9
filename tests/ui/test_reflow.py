"""``update_in_place``: new text lays the screen out again only when its height changes."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from loopscope.ui.narration import Narration
from loopscope.ui.reflow import update_in_place


class _Band(App[None]):
    def compose(self) -> ComposeResult:
        yield Narration("first")
        yield Static("below", id="below")


async def test_the_narration_grows_and_shrinks_with_its_text() -> None:
    app = _Band()
    async with app.run_test(size=(40, 10)) as pilot:
        narration = app.query_one(Narration)
        below = app.query_one("#below")
        assert (narration.outer_size.height, below.region.y) == (1, 1)
        # 38 cells (40 less the padding): one line, no layout needed.
        narration.say("x" * 38)
        await pilot.pause()
        assert (narration.outer_size.height, below.region.y) == (1, 1)
        # One cell more wraps: the band grows and what is below moves down.
        narration.say("word " * 8)
        await pilot.pause()
        assert (narration.outer_size.height, below.region.y) == (2, 2)
        # Markup longer than its drawn text, and a Text: still one line.
        narration.say("[b]" + "y" * 30 + "[/b]")
        await pilot.pause()
        assert (narration.outer_size.height, below.region.y) == (1, 1)
        update_in_place(narration, Text("z" * 38))
        await pilot.pause()
        assert (narration.outer_size.height, below.region.y) == (1, 1)
        # Past max-height (3): held at 3.
        narration.say("word " * 40)
        await pilot.pause()
        assert (narration.outer_size.height, below.region.y) == (3, 3)
