"""The task figures view (``y``): per task, switches, CPU held and time waited.

The figures are ``loopscope.stats.TaskStats``, folded by the app from the same events as
everything else; this widget only shows them. It updates the rows that changed since it last
drew (``TaskStats.take_changed``), so a step costs the same in a run of 10 tasks or 10,000, and
the app draws it only while it is shown.

The debuggee reports steps while the user steps, not while the program runs freely (``c``),
so figures count the steps that were followed; the title says so.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ..stats import HEADINGS, TaskStats, cells


class StatsView(DataTable[Text]):
    """One row per task, in the order the tasks appeared."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    StatsView {
        border: none;
        border-top: solid $primary-darken-1;
        border-title-color: $text;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
    }
    StatsView:focus {
        border-top: solid $accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._stats: TaskStats | None = None

    def on_mount(self) -> None:
        for index, heading in enumerate(HEADINGS):
            self.add_column(heading, key=str(index))
        self.border_title = "Task figures · from the steps followed (not while running freely)"

    def show(self, stats: TaskStats) -> None:
        """Bring the rows up to date with ``stats`` (a new object after a restart)."""
        if stats is not self._stats:
            self._stats = stats
            self.clear()
            stats.take_changed()
            changed = list(stats.names)
        else:
            changed = stats.take_changed()
        for task_id in changed:
            if task_id in stats.internal:
                if task_id in self.rows:
                    self.remove_row(task_id)
                continue
            values = cells(stats.row(task_id))
            if task_id not in self.rows:
                self.add_row(*(_cell(i, v) for i, v in enumerate(values)), key=task_id)
                continue
            for index, value in enumerate(values):
                self.update_cell(task_id, str(index), _cell(index, value))


def _cell(index: int, value: str) -> Text:
    """Figures right-aligned, the task's name (column 0) left."""
    return Text(value, justify="right" if index else "left")


__all__ = ["StatsView"]
