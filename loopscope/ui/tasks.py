"""The Tasks pane: every task the loop knows, and the await chain of the one under the cursor.

One row per task: a marker for the task about to run (``▶``), its name, state, where it is
suspended (``waiter.py:40``), what it awaits in words and its coroutine. The cursor follows the
task about to run; moving it (keys or mouse) *picks* a task, which the Source pane then follows
(``TaskList.TaskPicked``). Below the list, the picked or followed task's whole await chain,
outermost frame first, library frames dimmed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from .paths import PathStyle
from .rows import RowList

_ALIVE = frozenset(("ready", "waiting"))


def _serial(task_id: Any) -> int | None:
    """``T12`` -> 12 (None for anything else)."""
    if isinstance(task_id, str) and task_id[:1] == "T" and task_id[1:].isdigit():
        return int(task_id[1:])
    return None


STATE_STYLE = {
    "ready": "bold green",
    "waiting": "yellow",
    "done": "dim",
    "failed": "bold red",
    "cancelled": "red",
    "ended": "dim",
}


class TaskList(RowList):
    """The rows of the Tasks pane."""

    DEFAULT_CSS = """
    TaskList {
        height: 1fr;
    }
    """

    class TaskPicked(Message):
        """The user moved the cursor onto a task."""

        def __init__(self, task_id: str) -> None:
            super().__init__()
            self.task_id = task_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paths = PathStyle(".", None)
        #: Names with a task breakpoint (``--break-task``): marked with a red dot.
        self.break_tasks: set[str] = set()
        #: Task id -> the longest a step of it blocked the loop (the snapshot's ``blocking``).
        self.blocking: dict[str, float] = {}
        self._name_width = 8

    def row_key(self, row: Any) -> Any:
        return row.get("id")

    def index_of(self, key: Any) -> int | None:
        # Snapshots list tasks by serial id (T1, T2, ...): bisect instead of scanning 10,000.
        rows = self.rows
        serial = _serial(key)
        low, high = 0, len(rows)
        while low < high and serial is not None:
            middle = (low + high) // 2
            found = _serial(rows[middle].get("id"))
            if found is None:
                break
            if found < serial:
                low = middle + 1
            elif found > serial:
                high = middle
            else:
                return middle
        return super().index_of(key) if serial is None or low < high else None

    def set_blocking(self, blocking: dict[str, float]) -> None:
        """Tasks whose step held the loop past ``--slow``: marked ``⚠ blocked 5.0 s``."""
        if blocking != self.blocking:
            self.blocking = dict(blocking)
            self.invalidate()

    def set_break_tasks(self, names: set[str]) -> None:
        if names != self.break_tasks:
            self.break_tasks = names
            self.invalidate()

    def set_tasks(self, tasks: list[dict[str, Any]], cursor_id: str | None) -> None:
        # Names are usually short; measure only a sample so 10,000 tasks cost nothing here.
        sample = tasks[:200]
        width = min(16, max([len(str(t.get("name", ""))) for t in sample] or [4]))
        if width != self._name_width:
            self._name_width = width
            self._strips.clear()
        self.set_rows(tasks, cursor_key=cursor_id,
                      empty=[Text("(no tasks yet: the loop has not started one)")])

    def render_row(self, row: Any, index: int, width: int) -> Text:
        text = Text()
        if row.get("next"):
            text.append("▶ ", "bold magenta")
        else:
            text.append("  ")
        name = str(row.get("name", "?"))
        if name in self.break_tasks:
            text.append("●", "bold red")
        text.append(f"{name[:16]:<{self._name_width}} ", "bold" if row.get("next") else "")
        state = str(row.get("state", ""))
        text.append(f"{state:<8} ", STATE_STYLE.get(state, ""))
        held = self.blocking.get(str(row.get("id")))
        if held is not None:
            text.append(f"⚠ blocked {held:.1f} s ", "bold yellow")
        where = self.paths.where(row.get("file"), row.get("line"))
        if where:
            text.append(f"{where} ", "cyan")
        awaiting = row.get("awaiting") or row.get("outcome") or ""
        if awaiting:
            text.append(f"{awaiting} ")
        coro = row.get("coro")
        if coro:
            text.append(f"{coro}()", "dim")
        return text

    def _show_span(self) -> None:
        # The title is drawn by the pane around the list and the chain.
        super()._show_span()
        if self.parent is not None:
            self.parent.border_title = self.border_title  # type: ignore[attr-defined]

    def _move_to(self, index: int) -> None:
        before = self.cursor
        super()._move_to(index)
        if self.cursor != before and self.current is not None:
            self.post_message(self.TaskPicked(str(self.current.get("id"))))


class ChainView(Static):
    """The await chain of one task."""

    DEFAULT_CSS = """
    ChainView {
        height: auto;
        max-height: 6;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $text;
        border-top: hkey $panel;
        padding: 0 0 0 1;
    }
    """

    def show_chain(self, task: dict[str, Any] | None, paths: PathStyle) -> None:
        if task is None:
            self.update("")
            self.display = False
            return
        self.display = True
        chain = task.get("chain") or []
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"await chain of {task.get('name')}", "bold")
        if not chain:
            state = task.get("outcome") or task.get("state") or ""
            text.append(f": none ({state})", "dim")
        for frame in chain:
            style = "" if frame.get("user") else "dim"
            text.append("\n")
            text.append(f"{frame.get('function')}()", style or "bold")
            text.append(f" {paths.where(frame.get('file'), frame.get('line'))}", "cyan dim"
                        if style else "cyan")
            if frame.get("source"):
                text.append(f"  {frame.get('source')}", style)
        self.update(text)


class TasksPane(Vertical):
    """The Tasks pane: the list and the chain of the task under the cursor."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    TasksPane {
        height: 1fr;
    }
    """

    BORDER_TITLE: ClassVar[str] = "Tasks"

    def compose(self) -> ComposeResult:
        yield TaskList(id="task-list")
        yield ChainView(id="chain")

    @property
    def task_list(self) -> TaskList:
        return self.query_one(TaskList)

    def show(self, tasks: list[dict[str, Any]], cursor_id: str | None, paths: PathStyle) -> None:
        task_list = self.task_list
        if task_list.paths is not paths:
            task_list.paths = paths
            task_list.invalidate()
        task_list.set_tasks(tasks, cursor_id)
        alive = sum(1 for t in tasks if t.get("state") in _ALIVE)
        task_list.set_title(f"Tasks ({alive} alive, {len(tasks)} seen)" if tasks else "Tasks")
        self.query_one(ChainView).show_chain(task_list.current, paths)

    def on_row_list_cursor_moved(self, event: RowList.CursorMoved) -> None:
        self.query_one(ChainView).show_chain(self.task_list.current, self.task_list.paths)


__all__ = ["TasksPane", "TaskList", "ChainView"]
