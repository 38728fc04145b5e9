"""Per-task figures of a run: how often each task ran, how long it held the loop, how long it
waited.

The figures answer the debugging questions of the design brief ("who is blocking the loop?",
"why does this task wait so long?") with three numbers per task, folded from the protocol's
``switch`` events alone, so the debugger, ``loopscope trace --stats`` and a replayed recording
agree on them:

* **switches**: the task steps it ran;
* **CPU**: the real seconds each step held the loop (the switch event's ``cpu``, measured in
  the debuggee around the handle alone), total and longest. Real time, so it varies between
  runs, even under the virtual clock;
* **waited**: the time from the end of one of its steps to the start of its next (clock time:
  virtual by default), total and longest. Only finished waits count; a task still suspended
  adds its current wait when it resumes.

They are kept with ``codetiming``'s ``Timers`` (the samples time themselves with codetiming; the
front end reuses it), keyed by task id, since task names are not unique. ``Timers`` keeps every
value and computes ``max`` by scanning them, so the running maximum is kept on the side: a
screen that redraws the table at every step of a 100,000-step run must not pay for the run's
length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codetiming._timers import Timers


class RunningTimers(Timers):
    """``Timers`` whose ``count``, ``total`` and ``max`` cost O(1), whatever the run's length."""

    def __init__(self) -> None:
        super().__init__()
        self._max: dict[str, float] = {}

    def add(self, name: str, value: float) -> None:
        super().add(name, value)
        if value > self._max.get(name, float("-inf")):
            self._max[name] = value

    def count(self, name: str) -> float:
        return len(self._timings[name]) if name in self._timings else 0

    def total(self, name: str) -> float:
        return float(self.data.get(name, 0.0))

    def max(self, name: str) -> float:
        return self._max.get(name, 0.0)

    def clear(self) -> None:
        super().clear()
        self._max.clear()


@dataclass(frozen=True, slots=True)
class TaskFigures:
    """One row of the table."""

    task_id: str
    name: str
    switches: int
    cpu_total: float
    cpu_max: float
    waited_total: float
    waited_max: float
    #: Finished waits (the ``waited`` figures are over these).
    waits: int


class TaskStats:
    """Per-task figures, fed one protocol event at a time (``feed``), cheap to read at any
    moment (``rows``)."""

    def __init__(self) -> None:
        self.cpu = RunningTimers()
        self.waited = RunningTimers()
        #: Task id -> name, in the order the tasks were first seen.
        self.names: dict[str, str] = {}
        #: asyncio's own tasks (``shutdown_asyncgens``...): left out of the table.
        self.internal: set[str] = set()
        #: Task id -> the clock time it suspended at (a wait under way).
        self._suspended: dict[str, float] = {}
        #: Tasks created since the last pause.
        self._fresh: set[str] = set()
        #: Tasks whose row changed since ``take_changed`` (a dict: ordered, first change first).
        self._changed: dict[str, None] = {}

    def feed(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind == "task_created":
            task_id = str(event["task_id"])
            self.names.setdefault(task_id, str(event["task"]))
            self._changed[task_id] = None
            self._fresh.add(task_id)
        elif kind == "switch":
            self._switch(event)
        elif kind in ("paused", "progress") and self._fresh:
            # A task created since the last snapshot may be asyncio's own: its entry
            # says so before its first switch does (the tasks are looked at only then).
            for task in event["snapshot"].get("tasks") or ():
                if task.get("internal") and task.get("id") in self._fresh:
                    self.internal.add(str(task["id"]))
                    self._changed[str(task["id"])] = None
            self._fresh.clear()

    def _switch(self, event: dict[str, Any]) -> None:
        task_id = str(event["task_id"])
        self.names[task_id] = str(event["task"])
        self._changed[task_id] = None
        if event.get("internal"):
            self.internal.add(task_id)
        t = float(event.get("t") or 0.0)
        since = self._suspended.pop(task_id, None)
        if since is not None:
            self.waited.add(task_id, max(0.0, t - since))
        cpu = event.get("cpu")
        # An eager first step has no ``cpu`` (it ran inside another handle): it still counts.
        self.cpu.add(task_id, float(cpu) if isinstance(cpu, int | float) else 0.0)
        if not event.get("done"):
            self._suspended[task_id] = t

    def rows(self, *, internal: bool = False) -> list[TaskFigures]:
        """One row per task in the order they were first seen (asyncio's own left out)."""
        return [self.row(task_id) for task_id in self.names
                if internal or task_id not in self.internal]

    def row(self, task_id: str) -> TaskFigures:
        return TaskFigures(
            task_id, self.names[task_id], int(self.cpu.count(task_id)),
            self.cpu.total(task_id), self.cpu.max(task_id), self.waited.total(task_id),
            self.waited.max(task_id), int(self.waited.count(task_id)))

    def take_changed(self) -> list[str]:
        """Ids of the tasks whose figures changed since the last call, so that a view updates
        only those rows (a task is known to be asyncio's own only from its first switch)."""
        changed, self._changed = self._changed, {}
        return list(changed)


#: Column headings of the table, shared by the text table and the debugger's view.
HEADINGS = ("task", "switches", "CPU total", "CPU max", "waited total", "waited max")


def cells(row: TaskFigures) -> tuple[str, ...]:
    """A row as the strings both tables show."""
    return (row.name, str(row.switches), cpu_text(row.cpu_total), cpu_text(row.cpu_max),
            seconds_text(row.waited_total), seconds_text(row.waited_max))


def cpu_text(seconds: float) -> str:
    """Real CPU time, in milliseconds (a step normally holds the loop well under one)."""
    return f"{seconds * 1000:.3f} ms"


def seconds_text(seconds: float) -> str:
    return f"{seconds:.6g} s"


def table_text(stats: TaskStats) -> str:
    """The table as aligned plain text (``loopscope trace --stats``), newline-terminated."""
    rows = [HEADINGS, *(cells(row) for row in stats.rows())]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    lines = []
    for row in rows:
        first = row[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        lines.append("  ".join((first, *rest)).rstrip())
    return "\n".join(lines) + "\n"


__all__ = ["TaskStats", "TaskFigures", "RunningTimers", "HEADINGS", "cells", "table_text"]
