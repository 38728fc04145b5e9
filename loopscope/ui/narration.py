"""The narration line: one sentence saying what the last switch did (``loopscope.narrate``)."""

from __future__ import annotations

from textual.widgets import Static

from .reflow import update_in_place


class Narration(Static):
    """What just happened, in words."""

    DEFAULT_CSS = """
    Narration {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
        color: $text;
    }
    """

    def say(self, sentence: str) -> None:
        update_in_place(self, sentence)
