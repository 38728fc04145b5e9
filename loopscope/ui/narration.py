"""The narration line: one sentence saying what the last switch did (``loopscope.narrate``)."""

from __future__ import annotations

from textual.widgets import Static


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
        self.update(sentence)
