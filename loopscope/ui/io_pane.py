"""The I/O and threads pane (``o``): what outside the loop's thread can wake it, and who waits.

For a server and its clients, the question "why does this task not run?" is usually answered by
"it sits on socket 127.0.0.1:40122 → 127.0.0.1:8888, and no byte came". The snapshot's
``io_detail`` section says it per file descriptor (built by ``engine/io_snapshot.py``); this
pane lays it out in four groups, each shown only when it has rows:

* sockets and pipes: fd, read or write, the addresses (local → peer, or "listening"), the task
  waiting on it, or the task holding it (``held by``) when that one waits for something else;
* subprocesses: pid, command, running or the exit status, the task awaiting its exit;
* executor threads: thread name, the function, the user line it is on, the task awaiting it;
* signal handlers: signal and callback.

It takes the place of the Output pane while shown.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from .paths import PathStyle
from .rows import RowList


def _who(entry: dict[str, Any]) -> tuple[str, str]:
    task = entry.get("task")
    if not task:
        return "nobody waits", "dim"
    if entry.get("waiting", True):
        return f"{task} waits", "bold"
    return f"held by {task}", ""


def io_rows(detail: dict[str, Any], paths: PathStyle) -> list[Text]:
    """The pane's rows for an ``io_detail`` section: headers, then one row per entry."""
    rows: list[Text] = []

    def header(title: str) -> None:
        rows.append(Text(title, "bold underline"))

    fds = detail.get("fds") or []
    if fds:
        header("Sockets and pipes")
    # Columns as wide as this list needs (the pane shares the right half of the screen).
    fd_width = max((len(str(entry.get("fd"))) for entry in fds), default=0)
    local_width = max((len(str(entry.get("local") or "?")) for entry in fds
                       if entry.get("peer")), default=0)
    for entry in fds:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"fd {entry.get('fd')!s:<{fd_width}} {entry.get('direction', ''):<5} ",
                    "cyan")
        kind = entry.get("kind", "")
        if kind == "socket" and not entry.get("local") and not entry.get("peer"):
            text.append(f"{entry.get('family', '')} socket  ")
        elif kind == "socket":
            where = str(entry.get("local") or "?")
            if entry.get("peer"):
                where = f"{where:<{local_width}} → {entry['peer']}"
            elif entry.get("role") == "listening":
                where += " listening"
            text.append(f"{where}  ")
        else:
            text.append(f"{kind} {entry.get('role', '')}  ")
        who, style = _who(entry)
        text.append(who, style)
        rows.append(text)
    procs = detail.get("subprocesses") or []
    if procs:
        header("Subprocesses")
    for proc in procs:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"pid {proc.get('pid')} ", "cyan")
        code = proc.get("returncode")
        text.append("running  " if code is None else f"exited {code}  ",
                    "green" if code is None else "dim")
        text.append(f"{proc.get('command', '')}  ")
        if proc.get("task"):
            text.append(f"{proc['task']} awaits its exit", "bold")
        rows.append(text)
    threads = detail.get("threads") or []
    if threads:
        header("Executor threads")
    for job in threads:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{job.get('thread')} ", "cyan")
        text.append(f"{job.get('what')} ")
        where = paths.where(job.get("file"), job.get("line"))
        if where:
            text.append(f"at {where}  ", "cyan")
        if job.get("task"):
            text.append(f"{job['task']} waits", "bold")
        rows.append(text)
    signals = detail.get("signals") or []
    if signals:
        header("Signal handlers")
    for handler in signals:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{handler.get('signal')} ", "cyan")
        text.append(str(handler.get("what", "")))
        rows.append(text)
    return rows


class IoPane(RowList):
    """Sockets, pipes, subprocesses, executor threads and signal handlers, with their tasks."""

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paths = PathStyle(".", None)

    def render_row(self, row: Any, index: int, width: int) -> Text:
        return row if isinstance(row, Text) else Text(str(row))

    def show(self, snapshot: dict[str, Any], paths: PathStyle) -> None:
        self.paths = paths
        detail = snapshot.get("io_detail") or {}
        rows = io_rows(detail, paths)
        self.set_rows(rows, empty=[Text("(no sockets, pipes, threads or signal handlers)")])
        count = len(detail.get("fds") or [])
        waiting = " · the loop waits for I/O" if snapshot.get("waiting_for_io") else ""
        self.set_title(f"I/O and threads ({count} fd{'s' if count != 1 else ''}){waiting}")

    def lines(self) -> list[str]:
        """The rows as plain text (what the tests compare)."""
        return [row.plain for row in self.rows]


__all__ = ["IoPane", "io_rows"]
