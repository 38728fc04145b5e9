"""The deadlock report: the loop has nothing ready, no timer, no I/O and no signal to wait for.

``SteppingEventLoop`` calls ``idle_forever`` where the stock loop would block in ``select()``
for good. Each task still alive is listed with what it awaits and where, with the wait-for
graph and its cycles (``waitgraph``) when they can be built (the report must go out even if
the graph fails). Interactive, the debugger pauses there first; then ``DeadlockError`` ends the
run with exit status 1.

A mixin of ``Stepper``: it reads the stepper's registry and pause machinery, and owns only the
report it keeps for the snapshot of the deadlock pause.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from . import snapshot, waitgraph
from .loop import DeadlockError, SteppingEventLoop
from .snapshot import TaskRegistry


class Deadlocking:
    """The deadlock half of ``Stepper`` (see the module's docstring)."""

    channel: Any
    registry: TaskRegistry
    interactive: bool
    deadlock_report: dict[str, Any] | None
    _unreported: list[tuple[Any, bool, Any]]

    if TYPE_CHECKING:  # the stepper's own methods and the other mixins'
        def _sync_counts(self, loop: SteppingEventLoop) -> None: ...
        def flush_output(self) -> None: ...
        def _report_new(self, loop: SteppingEventLoop) -> None: ...
        def _awaiting(self, loop: SteppingEventLoop, task: Any,
                      frames: list[Any] | None = None) -> str: ...
        def _t(self, loop: SteppingEventLoop) -> float: ...
        def engine_error(self, doing: str, exc: BaseException) -> None: ...
        def pause(self, loop: SteppingEventLoop, reason: str, next_handle: Any) -> None: ...

    def idle_forever(self, loop: SteppingEventLoop) -> None:
        if loop._task_steps or loop._callback_steps:
            self._sync_counts(loop)  # continued freely to here: the steps it counted unseen
        self.flush_output()
        if self._unreported:
            self._report_new(loop)
        waiting = []
        for task in sorted(asyncio.all_tasks(loop), key=lambda t: snapshot._serial(
                self.registry, t)):
            file, line = snapshot.task_location(task)
            waiting.append({"task_id": self.registry.id_of(task), "task": task.get_name(),
                            "awaiting": self._awaiting(loop, task),
                            "file": file, "line": line})
        event: dict[str, Any] = {"kind": "deadlock", "tasks": waiting, "t": self._t(loop)}
        try:
            graph = waitgraph.wait_for_graph(loop, self.registry)
        except Exception as exc:  # the report must still go out
            self.engine_error("building the wait-for graph", exc)
        else:
            for entry in waiting:
                entry["waits_for"] = graph["edges"].get(entry["task_id"], [])
                if entry["task_id"] in graph["notes"]:
                    entry["note"] = graph["notes"][entry["task_id"]]
            event["cycles"] = graph["cycles"]
            self.deadlock_report = event
        self.channel.emit(event, flush=True)
        if self.interactive:
            self.pause(loop, "deadlock", None)
        raise DeadlockError(waiting)
