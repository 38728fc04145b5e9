"""The Tasks pane: every task the loop knows, and the await chain of the one under the cursor.

One row per task: a marker for the task about to run (``▶``), its name, state, where it is
suspended (``waiter.py:40``), what it awaits in words and its coroutine. The cursor follows the
task about to run; moving it (keys or mouse) *picks* a task, which the Source pane then follows
(``TaskList.TaskPicked``). Below the list, the picked or followed task's whole await chain,
outermost frame first, library frames dimmed.

With thousands of tasks the list is drawn row by row on demand (``RowList``), and ``/`` opens a
filter line above it: only the tasks whose name, state or file contain every word typed stay
listed, step after step, until escape clears it. Whether a task matches is remembered per task
entry (entries are shared between snapshots while unchanged), so a step filters only the tasks
that changed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from .paths import PathStyle
from .reflow import update_in_place
from .rows import RowList, set_border_title
from .view import list_changes

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
        if isinstance(self.parent, Widget):
            set_border_title(self.parent, self.border_title or "")

    def _move_to(self, index: int) -> None:
        before = self.cursor
        super()._move_to(index)
        if self.cursor != before and self.current is not None:
            self.post_message(self.TaskPicked(str(self.current.get("id"))))


def matches(task: dict[str, Any], words: list[str]) -> bool:
    """Whether every word (lower case) is in the task's name, state or file."""
    text = " ".join(str(task.get(k) or "") for k in ("name", "state", "file")).lower()
    return all(word in text for word in words)


class TaskFilter(Input):
    """The filter line of the Tasks pane (``/`` opens it, Enter keeps it, Esc clears it)."""

    DEFAULT_CSS = """
    TaskFilter {
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    TaskFilter.-open {
        display: block;
    }
    TaskFilter:focus {
        border: none;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear the filter", show=False),
    ]

    class Closed(Message):
        """The user left the filter line (Enter keeps the filter, Esc clears it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="filter tasks: name, state or file (Esc clears)",
                         id=id, select_on_focus=False)

    def open(self) -> None:
        self.add_class("-open")
        self.focus()

    def action_clear(self) -> None:
        self.value = ""
        self.remove_class("-open")
        self.post_message(self.Closed())

    async def action_submit(self) -> None:
        if not self.value.strip():
            self.remove_class("-open")
        self.post_message(self.Closed())


class ChainView(Static):
    """The await chain of one task."""

    _shown: tuple[dict[str, Any] | None, PathStyle] | None = None

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
        # Entries are shared between snapshots while unchanged: the same one draws the same.
        if self._shown is not None and self._shown[0] is task and self._shown[1] is paths:
            return
        self._shown = (task, paths)
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
        update_in_place(self, text)


class TasksPane(Vertical):
    """The Tasks pane: the list and the chain of the task under the cursor."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    TasksPane {
        height: 1fr;
    }
    """

    BORDER_TITLE: ClassVar[str] = "Tasks"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: What ``show`` was last given, to filter again when the filter changes.
        self._shown: tuple[list[dict[str, Any]], str | None, PathStyle] | None = None
        self._words: list[str] = []
        #: ``id(entry)`` -> (entry, matches) for the current words.
        self._matched: dict[int, tuple[dict[str, Any], bool]] = {}
        #: The tasks counted last and how many of them are alive (counted again by change).
        self._counted: tuple[list[dict[str, Any]], int] = ([], 0)

    def compose(self) -> ComposeResult:
        yield TaskFilter(id="task-filter")
        yield TaskList(id="task-list")
        yield ChainView(id="chain")

    @property
    def task_list(self) -> TaskList:
        return self.query_one(TaskList)

    def open_filter(self) -> None:
        self.query_one(TaskFilter).open()

    def show(self, tasks: list[dict[str, Any]], cursor_id: str | None, paths: PathStyle) -> None:
        self._shown = (tasks, cursor_id, paths)
        task_list = self.task_list
        if task_list.paths is not paths:
            task_list.paths = paths
            task_list.invalidate()
        shown = self._filtered(tasks) if self._words else tasks
        task_list.set_tasks(shown, cursor_id)
        alive = self._alive(tasks)
        title = f"Tasks ({alive} alive, {len(tasks)} seen)" if tasks else "Tasks"
        if self._words:
            title += f" · {len(shown)} match /{' '.join(self._words)}"
        task_list.set_title(title)
        self.query_one(ChainView).show_chain(task_list.current, paths)

    def _alive(self, tasks: list[dict[str, Any]]) -> int:
        """How many of ``tasks`` are alive: the count before, moved by the entries that are
        not in both lists (a step changes a few of 10,000)."""
        before, alive = self._counted
        gone, added = list_changes(before, tasks)
        alive -= sum(1 for t in gone if t.get("state") in _ALIVE)
        alive += sum(1 for t in added if t.get("state") in _ALIVE)
        self._counted = (tasks, alive)
        return alive

    def _filtered(self, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        words, before = self._words, self._matched
        matched: dict[int, tuple[dict[str, Any], bool]] = {}
        shown = []
        for task in tasks:
            hit = before.get(id(task))
            ok = hit[1] if hit is not None and hit[0] is task else matches(task, words)
            matched[id(task)] = (task, ok)
            if ok:
                shown.append(task)
        self._matched = matched
        return shown

    def on_input_changed(self, event: Input.Changed) -> None:
        if not isinstance(event.input, TaskFilter):
            return
        event.stop()
        words = event.value.lower().split()
        if words != self._words:
            self._words, self._matched = words, {}
            if self._shown is not None:
                self.show(*self._shown)

    def on_task_filter_closed(self, event: TaskFilter.Closed) -> None:
        self.task_list.focus()

    def on_row_list_cursor_moved(self, event: RowList.CursorMoved) -> None:
        self.query_one(ChainView).show_chain(self.task_list.current, self.task_list.paths)


__all__ = ["TasksPane", "TaskList", "ChainView", "TaskFilter", "matches"]
