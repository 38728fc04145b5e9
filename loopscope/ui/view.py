"""What the screen shows for a snapshot: every decision, no widget.

The panes are drawn from a snapshot and a few choices of the user (a picked task, whether the
screen shows the present or the past). Which task the panes follow, which file and line the
Source pane shows and why, which lines get a gutter mark, what the status bar says: all of it
is decided here, by plain functions of plain data, so that the same history entry always gives
the same screen (the history tests compare screens character by character), a replayed
recording gets the same decisions, and the rules can be read in one place.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .state import RunState

Snapshot = dict[str, Any]

#: How the status bar words a pause reason (others are shown as the debuggee says them).
REASONS = {"pause": "you pressed p", "task": "the chosen task runs next",
           "time limit": "time limit reached"}

_ALIVE = ("ready", "waiting")


@dataclass
class LineMark:
    """The tasks suspended at one line: how many, the first few names, the next to run."""

    count: int = 0
    names: list[str] = field(default_factory=list)
    has_next: bool = False

    def add(self, name: str, is_next: bool) -> None:
        self.count += 1
        if self.count > NAMES_SHOWN and not is_next:
            return
        if is_next:
            self.has_next = True
            self.names.insert(0, name)
            del self.names[NAMES_SHOWN:]
        elif len(self.names) < NAMES_SHOWN:
            self.names.append(name)

    def key(self) -> tuple[int, tuple[str, ...], bool]:
        return self.count, tuple(self.names), self.has_next


#: Task names written after a line of code (then ``+N``).
NAMES_SHOWN = 4


@dataclass
class SourceMarks:
    """What the gutter shows for one file."""

    #: line -> the tasks suspended there
    tasks: dict[int, LineMark] = field(default_factory=dict)
    breakpoints: set[int] = field(default_factory=set)
    #: line -> "✗" (exception) or "!" (blocked)
    special: dict[int, str] = field(default_factory=dict)

    def add_task(self, line: int, name: str, is_next: bool) -> None:
        mark = self.tasks.get(line)
        if mark is None:
            mark = self.tasks[line] = LineMark()
        mark.add(name, is_next)


@dataclass(frozen=True)
class StatusInfo:
    """Everything the status bar shows."""

    state: str
    step: int | None = None
    switches: int | None = None
    t: float | None = None
    clock: str = "virtual"
    #: (position, count) when the screen shows history, else None.
    history: tuple[int, int] | None = None
    breakpoints: int = 0
    note: str = ""



def focus_task(snapshot: Snapshot, picked: str | None) -> str | None:
    """The task the panes follow: the picked one, else the one about to run, else (at the
    end) the first that failed, else the one that ran last, else the first."""
    tasks = snapshot.get("tasks") or []
    if picked is not None and any(t.get("id") == picked for t in tasks):
        return picked
    for entry in snapshot.get("ready") or []:
        if entry.get("kind") == "task":
            return str(entry.get("task_id"))
        break
    if snapshot.get("final") and tasks:
        # The end: the program's first task that failed, else its first (its main), rather
        # than the asyncio shutdown task that happened to run last.
        own = [t for t in tasks if not t.get("internal")] or tasks
        failed = next((t for t in own if t.get("state") == "failed"), own[0])
        return str(failed["id"])
    last = snapshot.get("last") or {}
    if last.get("task_id") is not None:
        return str(last["task_id"])
    return str(tasks[0]["id"]) if tasks else None


def source_target(snapshot: Snapshot, picked: str | None, blocked: dict[str, Any] | None,
                  script: str | None,
                  find: Callable[[str | None], dict[str, Any] | None] | None = None,
                  ) -> tuple[str | None, int | None, str]:
    """``(file, line, why)`` the Source pane shows.

    In order: the line an exception came from; the line the loop is blocked at (live only,
    ``blocked``); where a finished program was last; the followed task's line; the line the
    last task ran; any task's; the script's first line. ``find`` looks a task of this
    snapshot up by id (``MarksCache.task``: no walk of 10,000 tasks at every step)."""
    exception = snapshot.get("exception")
    if exception and exception.get("file") and picked is None:
        return exception["file"], exception.get("line"), f"{exception.get('type')} here"
    if blocked is not None and blocked.get("file"):
        who = blocked.get("task") or "a callback"
        return blocked["file"], blocked.get("line"), f"{who} is blocking the loop here"
    where = snapshot.get("where")
    if where and where.get("file") and picked is None:
        return where["file"], where.get("line"), "where the program was last"
    tasks = snapshot.get("tasks") or []
    focus_id = focus_task(snapshot, picked)
    if find is not None:
        focus = find(focus_id)
    else:
        focus = next((t for t in tasks if t.get("id") == focus_id), None)
    if focus is not None and focus.get("file"):
        mark = " (picked)" if picked == focus.get("id") else ""
        return focus["file"], focus.get("line"), f"{focus.get('name')}{mark}"
    last = snapshot.get("last") or {}
    if last.get("file"):
        return last["file"], last.get("line"), f"{last.get('task')} ran last"
    if last.get("from_file"):
        return last["from_file"], last.get("from_line"), f"{last.get('task')} ran last"
    for task in tasks:
        if task.get("file"):
            return task["file"], task.get("line"), str(task.get("name"))
    if script is not None:
        return script, 1, ""
    return None, None, ""


def line_marks(tasks: list[dict[str, Any]], file: str) -> dict[int, LineMark]:
    """Line -> the tasks suspended there, in ``file``: one walk of every task (what
    ``MarksCache`` keeps up to date without walking)."""
    marks: dict[int, LineMark] = {}
    for task in tasks:
        if task.get("file") == file and task.get("state") in _ALIVE:
            number = task.get("line")
            if number:
                mark = marks.get(number)
                if mark is None:
                    mark = marks[number] = LineMark()
                mark.add(task.get("name") or "?", task.get("next") is True)
    return marks


def list_changes(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]]:
    """``(gone, added)``: the items of ``old`` not in ``new`` and back, by identity, for two
    lists in the same order that share most items (two snapshots' tasks). Compared place by
    place in C (10,000 in a fraction of a millisecond); where the lengths differ, the common
    start and end are skipped and the middle compared by identity. An item may be in both
    (it moved): drop the ``gone`` before adding the ``added``."""
    if old is new:
        return [], []
    if len(old) == len(new):
        at = list(itertools.compress(range(len(new)), map(operator.is_not, old, new)))
        return [old[i] for i in at], [new[i] for i in at]
    shorter = min(len(old), len(new))
    start = next(itertools.compress(itertools.count(), map(operator.is_not, old, new)),
                 shorter)
    end = next(itertools.compress(itertools.count(),
                                  map(operator.is_not, reversed(old), reversed(new))), shorter)
    end = min(end, shorter - start)
    before = {id(item): item for item in old[start:len(old) - end]}
    after = {id(item): item for item in new[start:len(new) - end]}
    return ([item for key, item in before.items() if key not in after],
            [item for key, item in after.items() if key not in before])


class _Line:
    """The live tasks at one line of one file, by serial (plain and next apart)."""

    __slots__ = ("mark", "nexts", "plain")

    def __init__(self) -> None:
        self.plain: dict[int, str] = {}
        self.nexts: dict[int, str] = {}
        self.mark: LineMark | None = None  # None: to be rebuilt

    def build(self) -> LineMark:
        """What ``LineMark.add`` makes of these tasks in serial order: only the next ones and
        the first ``NAMES_SHOWN`` others can change the names (past those, a plain task is
        only counted), so those are fed in order and the count is set after."""
        if self.mark is None:
            mark = LineMark()
            for serial in sorted([*heapq.nsmallest(NAMES_SHOWN, self.plain), *self.nexts]):
                is_next = serial in self.nexts
                mark.add(self.nexts[serial] if is_next else self.plain[serial], is_next)
            mark.count = len(self.plain) + len(self.nexts)
            self.mark = mark
        return self.mark


class MarksCache:
    """Line -> tasks suspended there, for one file of one snapshot.

    Walking 10,000 tasks costs milliseconds at every step, and between two snapshots only a
    few entries change: the reassembler keeps an unchanged task's entry as the very same object
    (snapshots are never modified once handed out). So the cache indexes the live tasks of the
    snapshot it saw last, by file and line, and for another snapshot (the next one, or a
    history entry) applies the entries that are not in both, found by identity; only the lines
    they touch are built again. ``line_marks`` is the plain walk the result equals. The same
    walk of the changes keeps every task by id (``task``)."""

    def __init__(self) -> None:
        self._last: tuple[Snapshot, str, dict[int, LineMark]] | None = None
        #: The tasks of the snapshot indexed (held: no id of theirs is reused meanwhile).
        self._tasks: list[Any] = []
        #: file -> line -> the live tasks there.
        self._files: dict[str, dict[int, _Line]] = {}
        #: How many live entries indexed have an id that is not ``T<serial>``.
        self._odd = 0
        #: id -> entry, for every task indexed (alive or not).
        self._by_id: dict[Any, dict[str, Any]] = {}

    def task(self, snapshot: Snapshot, task_id: Any) -> dict[str, Any] | None:
        """The entry of task ``task_id`` in ``snapshot``, if it has one."""
        self._index(snapshot.get("tasks") or [])
        return self._by_id.get(task_id)

    def task_marks(self, snapshot: Snapshot, file: str) -> dict[int, LineMark]:
        last = self._last
        if last is not None and last[0] is snapshot and last[1] == file:
            return last[2]
        tasks = snapshot.get("tasks") or []
        self._index(tasks)
        if self._odd:  # ids without a serial (made-up snapshots): no order to keep by
            marks = line_marks(tasks, file)
        else:
            marks = {number: line.build() for number, line in self._files.get(file, {}).items()}
        self._last = (snapshot, file, marks)
        return marks

    def _index(self, tasks: list[Any]) -> None:
        gone, new = list_changes(self._tasks, tasks)
        self._tasks = tasks
        by_id = self._by_id
        for task in gone:
            self._place(task, remove=True)
            key = task.get("id")
            if by_id.get(key) is task:
                del by_id[key]
        for task in new:
            self._place(task, remove=False)
            by_id[task.get("id")] = task

    def _place(self, task: dict[str, Any], remove: bool) -> None:
        file, number = task.get("file"), task.get("line")
        if not file or not number or task.get("state") not in _ALIVE:
            return
        serial = _serial(task.get("id"))
        if serial is None:
            self._odd += -1 if remove else 1
            return
        lines = self._files.setdefault(file, {})
        line = lines.get(number)
        if line is None:
            line = lines[number] = _Line()
        side = line.nexts if task.get("next") is True else line.plain
        if remove:
            side.pop(serial, None)
            if not line.plain and not line.nexts:
                del lines[number]
        else:
            side[serial] = task.get("name") or "?"
        line.mark = None

    def source_marks(self, snapshot: Snapshot, file: str, path: str,
                     breakpoints: set[tuple[str, int]],
                     blocked: dict[str, Any] | None) -> SourceMarks:
        marks = SourceMarks(self.task_marks(snapshot, file),
                            {line for f, line in breakpoints if f == path})
        exception = snapshot.get("exception")
        if exception and exception.get("file") == file and exception.get("line"):
            marks.special[exception["line"]] = "✗"
        if blocked is not None and blocked.get("file") == file and blocked.get("line"):
            marks.special[blocked["line"]] = "!"
        return marks


def _serial(task_id: Any) -> int | None:
    text = str(task_id)
    return int(text[1:]) if text[:1] == "T" and text[1:].isdigit() else None


def live_block(run: RunState) -> dict[str, Any] | None:
    """The ``blocked`` event that holds the loop right now, if any."""
    blocked = run.blocked
    if blocked is not None and blocked.get("ongoing") and run.running:
        return blocked
    return None


def reads_stdin(code: str) -> bool:
    """Does this line of code look like it reads the program's standard input?"""
    return any(word in code for word in ("input(", "stdin", "readline("))


def _why(reason: str, snapshot: Snapshot) -> str:
    """The status bar's word for the reason of a pause (none for a plain step)."""
    if reason in ("step", "step_callback", "deadlock"):
        return ""
    if reason == "idle" and snapshot.get("waiting_for_io"):
        return "idle: the loop will wait for I/O"
    return REASONS.get(reason, reason)


def status_info(run: RunState, view: int | None, pausing: bool,
                breakpoints: int) -> StatusInfo:
    """The status bar for the present (``view`` None) or for history entry ``view``."""
    history = run.history
    snapshot: Snapshot | None = None
    position: tuple[int, int] | None = None
    if view is not None and view in history:
        entry = history.get(view)
        snapshot, state = entry.snapshot, entry.state
        position = (view + 1, history.end)
        # Why that pause happened, as the status said live (idle, a breakpoint...), then the
        # way back.
        why = _why(entry.reason, snapshot)
        note = f"{why} · → returns to the present" if why else "→ returns to the present"
    else:
        state = run.state_word()
        latest = history.latest
        if run.progress is not None and run.running:
            snapshot = run.progress
        elif latest is not None:
            snapshot = latest.snapshot
        note = ""
        if run.paused and latest is not None:
            note = _why(latest.reason, latest.snapshot)
        elif run.running:
            note = "pausing..." if pausing else "p pauses"
            if run.io_wait is not None and not pausing:
                note = "the loop is waiting for I/O · p pauses"
        elif run.finished:
            note = "r restarts"
    return StatusInfo(
        state=state,
        step=snapshot.get("step") if snapshot else None,
        switches=snapshot.get("switches") if snapshot else None,
        t=snapshot.get("t") if snapshot else None,
        clock=str(snapshot.get("clock", "virtual")) if snapshot else "virtual",
        history=position,
        breakpoints=breakpoints,
        note=note,
    )


__all__ = ["LineMark", "SourceMarks", "StatusInfo", "MarksCache", "focus_task", "line_marks",
           "list_changes", "source_target", "status_info", "live_block", "reads_stdin", "REASONS"]
