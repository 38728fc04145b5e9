"""Task lifecycle reports: ``task_created`` and ``task_done``, and a finished task's record.

A task is registered (given its id) when the loop creates it, but reported only at the next
hook: ``asyncio.create_task`` names the task after ``loop.create_task`` returns (3.11, 3.12),
and the event should carry the name. On 3.12+ an eager task's first step runs inside
``create_task``, in another handle: its ``switch`` is reported with the creation. When a task
ends, its last entry is kept as plain data (``TaskRegistry.remember_done``): the task itself is
held only weakly, since holding it would change when asyncio reports an unretrieved exception.

A mixin of ``Stepper``: it reads and counts with the stepper's registry, counters and channel,
and owns only the list of tasks not reported yet.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from . import snapshot
from .breakpoints import Breakpoints
from .loop import SteppingEventLoop
from .snapshot import TaskRegistry


class Lifecycle:
    """The task-lifecycle half of ``Stepper`` (see the module's docstring)."""

    channel: Any
    registry: TaskRegistry
    mode: str
    step: int
    switches: int
    breakpoints: Breakpoints
    _detail: bool
    _unreported: list[tuple[Any, bool, Any]]
    _created: list[str]
    _bp_suspects: set[Any]

    if TYPE_CHECKING:  # the stepper's own methods
        def _rehook(self) -> None: ...
        def _t(self, loop: SteppingEventLoop) -> float: ...
        def _awaiting(self, loop: SteppingEventLoop, task: Any,
                      frames: list[Any] | None = None) -> str: ...

    def task_created(self, loop: SteppingEventLoop, task: Any, eager_step: bool,
                     coro: Any = None) -> None:
        self.registry.id_of(task, coro)
        if self.mode == "summary":
            return
        # Reported at the next hook, not now: ``asyncio.create_task`` sets the task's name only
        # after ``loop.create_task`` returns (3.11, 3.12), and the event should carry it.
        parent = asyncio.current_task(loop) if loop.is_running() else None
        self._unreported.append((task, eager_step, parent))
        if not loop._hooked:
            self._rehook()  # hooked until they are reported

    def _report_new(self, loop: SteppingEventLoop) -> None:
        pending, self._unreported = self._unreported, []
        for task, eager_step, parent in pending:
            self._first_sight(loop, task, eager_step, parent)
        if not self._detail:
            self._rehook()  # free running again, unless something else keeps the hook

    def _first_sight(self, loop: SteppingEventLoop, task: Any, eager_step: bool,
                     parent: Any = None) -> None:
        tid = self.registry.id_of(task)
        current = parent
        event: dict[str, Any] = {"kind": "task_created", "task_id": tid, "task": task.get_name(),
                                 "coro": self.registry.coro_name(task), "t": self._t(loop)}
        if current is not None and current is not task:
            event["parent_id"] = self.registry.id_of(current)
            event["parent"] = current.get_name()
            self._created.append(tid)
        self.channel.emit(event)
        if eager_step:
            # Python 3.12+ eager task: its first step ran inside create_task, in another handle.
            self.switches += 1
            file, line = snapshot.task_location(task)
            switch: dict[str, Any] = {
                "kind": "switch", "step": self.step, "switch": self.switches, "eager": True,
                "task_id": tid, "task": task.get_name(), "from_file": None, "from_line": None,
                "file": file, "line": line, "t": self._t(loop)}
            if task.done():
                switch["done"] = True
            else:
                switch["awaiting"] = self._awaiting(loop, task)
            self.channel.emit(switch)
            if task.done():
                self._task_done(task)
        if self.breakpoints.live and not task.done() and self.breakpoints.hit(task.get_coro()):
            self._bp_suspects.add(task)  # on a breakpoint line before any step was checked

    def _task_done(self, task: Any) -> None:
        if task.cancelled():
            outcome, detail = "cancelled", ""
        elif snapshot.peek_exception(task) is not None:
            exc = snapshot.peek_exception(task)
            outcome, detail = "exception", f"{type(exc).__name__}: {exc}"
        else:
            outcome, detail = "result", snapshot._short_repr(task.result())
        tid = self.registry.id_of(task)
        self.channel.emit({"kind": "task_done", "task_id": tid,
                           "task": task.get_name(), "outcome": outcome, "detail": detail})
        record: dict[str, Any] = {
            "id": tid, "name": task.get_name(), "coro": self.registry.coro_name(task),
            "state": {"cancelled": "cancelled", "exception": "failed"}.get(outcome, "done"),
            "file": None, "line": None, "function": None, "source": None, "chain": [],
            "awaiting": "", "next": False,
            "outcome": snapshot.describe_outcome(task)}
        if self.registry.internal(task):
            record["internal"] = True
        self.registry.remember_done(task, record)
