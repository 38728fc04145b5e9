"""The phase strip: one line showing where the loop is in its cycle (``loopscope.ui.cycle``).

``run the ready callbacks › check the timers › wait for I/O or the clock``: the part the last
step was in is lit, the others are dim, and a few words of the snapshot say how far it got (how
many handles are ready, the clock, the next timer). It turns the abstract loop of asyncio's
``_run_once`` into something a room can watch go round while auto-play runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.widgets import Static

from ..narrate import fmt_t
from .reflow import update_in_place

_LABELS = {"ready": "run the ready callbacks", "timers": "check the timers",
           "wait": "wait for I/O or the clock"}


def details(phase: str, snapshot: Mapping[str, Any]) -> str:
    """A few words on the lit phase, from the snapshot."""
    if phase == "ready":
        count = len(snapshot.get("ready") or [])
        return f"{count} ready" if count else "ready queue empty"
    if phase == "timers":
        return f"clock at t={fmt_t(snapshot.get('t'))}"
    if phase == "wait":
        timers = snapshot.get("timers") or []
        if timers:
            return f"next timer at t={fmt_t(timers[0].get('when'))}"
        return "waiting for I/O" if snapshot.get("io") else "nothing to wait for"
    return ""


class PhaseStrip(Static):
    """The loop's cycle, the current phase lit."""

    DEFAULT_CSS = """
    PhaseStrip {
        height: 1;
        padding: 0 1;
        background: $surface;
        color: $text-muted;
    }
    """

    def show(self, phase: str, snapshot: Mapping[str, Any]) -> None:
        text = Text("loop: ", "dim")
        for index, (name, label) in enumerate(_LABELS.items()):
            if index:
                text.append(" › ", "dim")
            if name == phase:
                text.append(f" {label} ", "bold reverse")
            else:
                text.append(label, "dim")
        more = details(phase, snapshot)
        if more:
            text.append(f"  ({more})", "italic")
        update_in_place(self, text)  # one line: no reflow of the screen at every step
