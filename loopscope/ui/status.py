"""The status bar: state, step number, virtual time, and whether the screen shows the past.

The state word is coloured by what the user can do next: ``paused`` (step on), ``running`` and
``blocked`` (``p`` pauses), ``deadlock``, ``finished``/``crashed``/``died`` (``r`` restarts).
When the screen shows an older snapshot the bar turns over to ``HISTORY n/m`` so nobody mistakes
the past for the present.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..narrate import fmt_t
from .reflow import update_in_place
from .view import StatusInfo

_STATE_STYLE = {
    "paused": "bold black on green",
    "running": "bold black on cyan",
    "starting": "bold black on cyan",
    "blocked": "bold black on yellow",
    "deadlock": "bold white on red",
    "finished": "bold black on bright_white",
    "crashed": "bold white on red",
    "died": "bold white on red",
}


class StatusBar(Static):
    """One line: the run's state and where the screen is in it."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text;
    }
    StatusBar.-history {
        background: $warning 40%;
    }
    """

    def show(self, info: StatusInfo) -> None:
        text = Text()
        word = info.state.split(" ", 1)[0]
        text.append(f" {info.state} ", _STATE_STYLE.get(word, "bold reverse"))
        if info.history is not None:
            position, count = info.history
            text.append(f" HISTORY {position}/{count} ", "bold black on yellow")
        parts: list[tuple[str, str]] = []
        if info.step is not None:
            parts.append((f"step {info.step}", ""))
        if info.switches is not None:
            parts.append((f"switch {info.switches}", "dim"))
        if info.t is not None:
            clock = "" if info.clock == "virtual" else f" ({info.clock} clock)"
            parts.append((f"t={fmt_t(info.t)}{clock}", ""))
        if info.breakpoints:
            s = "s" if info.breakpoints != 1 else ""
            parts.append((f"{info.breakpoints} breakpoint{s}", "red"))
        if info.note:
            parts.append((info.note, "italic"))
        for index, (part, style) in enumerate(parts):
            text.append(" · " if index else " ", "dim")
            text.append(part, style)
        self.set_class(info.history is not None, "-history")
        update_in_place(self, text)
