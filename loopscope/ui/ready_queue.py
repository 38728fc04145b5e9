"""The Ready queue pane: what the loop will run next, in order, and why each entry is there.

Row 1 is the handle the loop runs at the next switch (``▶``). Each row names the task whose step
it is (or the callback) and why it became ready: a timer fired, a result was set by another
task, I/O is ready, plain ``call_soon``. An empty queue is shown as empty, with the reason the
loop will sleep (``narrate.why_idle``: the next timer, I/O, or nothing at all).

``enter`` on a row picks that entry to run next (teaching races: "what if Two ran before
One?"). The pane only says which row was picked (``EntryPicked``, with the snapshot it was
read from); whether a pick is possible now (paused, at the newest step) and the ``run_next``
command are the app's business, as for every other command.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.message import Message

from .. import narrate
from .commands import widget_bindings
from .rows import RowList


class ReadyQueue(RowList):
    """The loop's ready queue, in run order."""

    ALLOW_MAXIMIZE = True

    BINDINGS: ClassVar[list[BindingType]] = [*widget_bindings("ReadyQueue")]

    class EntryPicked(Message):
        """The user picked the ready entry at ``index`` to run next."""

        def __init__(self, queue: ReadyQueue, index: int, entry: dict[str, Any],
                     snapshot: dict[str, Any] | None) -> None:
            super().__init__()
            self.queue = queue
            self.index = index
            self.entry = entry
            #: The snapshot the row was read from (the app checks it is the newest).
            self.snapshot = snapshot

        @property
        def control(self) -> ReadyQueue:
            return self.queue

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.snapshot: dict[str, Any] | None = None

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
        self.snapshot = snapshot
        ready = snapshot.get("ready") or []
        empty = [Text("(empty)"), Text(narrate.why_idle(snapshot))]
        if snapshot.get("final"):
            empty = [Text("(empty)"), Text("the loop is closed")]
        self.set_rows(ready, cursor_key=None, empty=empty)
        self.set_title(f"Ready queue ({len(ready)})")

    def action_run_next(self) -> None:
        entry = self.current
        if entry is None:
            self.notify("Nothing is ready: there is no entry to run next.")
            return
        self.post_message(self.EntryPicked(self, self.cursor, entry, self.snapshot))
