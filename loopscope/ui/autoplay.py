"""Auto-play (``a``): the debugger steps by itself, one switch every few seconds, for a room.

A presenter wants to talk while the loop moves, not to press ``space`` forty times. Auto-play
is a pace and a rule for when to stop; the app owns the Textual timer that sends the steps.
The timer is armed when a pause arrives, never on a fixed beat, so a slow debuggee cannot make
steps pile up, and the pace only sets the gap between one pause and the next step.

It stops by itself where a person should look: at a breakpoint, a deadlock, an exception, the
time limit, or the end of the program; any step key and ``p`` stop it too (the app decides
that). This module has no Textual import: the pace steps and the stopping rule are tested as
plain data.
"""

from __future__ import annotations

#: Seconds between a pause and the next step, slowest last; ``+`` moves left, ``-`` right.
PACES = (0.25, 0.5, 1.0, 2.0, 4.0)
#: The pace auto-play starts at.
DEFAULT_PACE = 1.0

#: Reasons a pause came back for, after which auto-play goes on.
GOES_ON = frozenset({"step", "step_callback", "idle"})


class AutoPlay:
    """The pace of auto-play, and whether it is playing."""

    def __init__(self, pace: float = DEFAULT_PACE) -> None:
        self.playing = False
        self.pace = pace

    def faster(self) -> float:
        slower = [p for p in PACES if p < self.pace]
        self.pace = slower[-1] if slower else PACES[0]
        return self.pace

    def slower(self) -> float:
        faster = [p for p in PACES if p > self.pace]
        self.pace = faster[0] if faster else PACES[-1]
        return self.pace

    def words(self) -> str:
        """The status bar's note while playing."""
        return f"auto-play: a step every {self.pace:g} s (+ faster, - slower)"


def stops_at(reason: str) -> str | None:
    """Why auto-play stops at a pause of ``reason`` (None: it goes on)."""
    if reason in GOES_ON:
        return None
    if reason == "deadlock":
        return "a deadlock"
    if reason == "final":
        return "the end of the program"
    return reason.split(":", 1)[0]


__all__ = ["AutoPlay", "PACES", "DEFAULT_PACE", "stops_at"]
