"""The Ready queue pane: what the loop will run next, in order, and why each entry is there.

Row 1 is the handle the loop runs at the next switch (``▶``). Each row names the task whose step
it is (or the callback) and why it became ready: a timer fired, a result was set by another
task, I/O is ready, plain ``call_soon``. An empty queue is shown as empty, with the reason the
loop will sleep (``narrate.why_idle``: the next timer, I/O, or nothing at all).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from .. import narrate
from .rows import RowList


class ReadyQueue(RowList):
    """The loop's ready queue, in run order."""

    ALLOW_MAXIMIZE = True

    def render_row(self, row: Any, index: int, width: int) -> Text:
        text = Text()
        text.append(f"{index + 1:>2} ", "dim")
        text.append("▶ " if row.get("next") else "  ", "bold magenta")
        if row.get("kind") == "task":
            text.append(str(row.get("task")), "bold" if row.get("next") else "")
        else:
            text.append(str(row.get("what")), "italic")
        why = row.get("why")
        if why:
            text.append(f"  {why}", "dim")
        return text

    def show(self, snapshot: dict[str, Any]) -> None:
        ready = snapshot.get("ready") or []
        empty = [Text("(empty)"), Text(narrate.why_idle(snapshot))]
        if snapshot.get("final"):
            empty = [Text("(empty)"), Text("the loop is closed")]
        self.set_rows(ready, cursor_key=None, empty=empty)
        self.set_title(f"Ready queue ({len(ready)})")
