"""The task figures view (``y``): per task, switches, CPU held and time waited.

The figures are ``loopscope.stats.TaskStats``, folded by the app from the same events as
everything else; this widget only shows them. It is a ``RowList`` (only the rows on screen are
drawn) whose rows are replaced one by one as their figures change (``TaskStats.take_changed``),
so a step costs the same in a run of 10 tasks or 10,000, and the app draws it only while it is
shown.

The debuggee reports steps while the user steps, not while the program runs freely (``c``),
so figures count the steps that were followed; the title says so.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ..stats import HEADINGS, TaskFigures, TaskStats, cells
from .rows import RowList

#: Widths of the figure columns (the task's name takes what its longest name needs).
_WIDTHS = (8, 10, 10, 12, 10)
_NAME_MAX = 24


class StatsView(RowList):
    """A heading, then one row per task in the order the tasks appeared."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    StatsView {
        border: none;
        border-top: solid $primary-darken-1;
        border-title-color: $text;
        border-title-style: bold;
    }
    StatsView:focus {
        border-top: solid $accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._stats: TaskStats | None = None
        self._figures: list[Any] = [HEADINGS]
        self._index: dict[str, int] = {}
        self._name_width = len(HEADINGS[0])

    def show(self, stats: TaskStats) -> None:
        """Bring the rows up to date with ``stats`` (a new object after a restart)."""
        if stats is not self._stats:
            self._stats = stats
            self._figures, self._index = [HEADINGS], {}
            self._name_width = len(HEADINGS[0])
            stats.take_changed()
            changed = list(stats.names)
        else:
            changed = stats.take_changed()
        removed = False
        name_width = self._name_width
        for task_id in changed:
            if task_id in stats.internal:
                removed = removed or task_id in self._index
                continue
            row = stats.row(task_id)
            self._name_width = min(_NAME_MAX, max(self._name_width, len(row.name)))
            index = self._index.get(task_id)
            if index is None:
                self._index[task_id] = len(self._figures)
                self._figures.append(row)
            else:
                self._figures[index] = row  # a new object: only this row is drawn again
        if removed:  # asyncio's own task, known as such from its first switch: drop it
            kept = [r for r in self._figures[1:] if r.task_id not in stats.internal]
            self._figures = [HEADINGS, *kept]
            self._index = {r.task_id: i for i, r in enumerate(kept, start=1)}
        if self._name_width != name_width:
            self.invalidate()  # every row is drawn with the name column's width
        self.set_rows(list(self._figures))  # a copy: set_rows repaints the rows that differ
        self.set_title("Task figures · from the steps followed (not while running freely)")

    def render_row(self, row: Any, index: int, width: int) -> Text:
        values = row if isinstance(row, tuple) else cells(row)
        name = values[0]
        if len(name) > self._name_width:
            name = name[: self._name_width - 1] + "…"
        text = Text(f" {name:<{self._name_width}}", "bold" if isinstance(row, tuple) else "")
        for value, cell_width in zip(values[1:], _WIDTHS, strict=True):
            text.append(f"  {value:>{cell_width}}", "bold" if isinstance(row, tuple) else "")
        return text


def figures(view: StatsView) -> list[TaskFigures]:
    """The rows shown, heading left out (tests)."""
    return [row for row in view.rows if isinstance(row, TaskFigures)]


__all__ = ["StatsView", "figures"]
