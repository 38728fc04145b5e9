"""Where a run stops on its own: line breakpoints, task and exception breakpoints, ``breakpoint()``.

A breakpoint on ``FILE:LINE`` is about where tasks *suspend*: the pause point is between two
handles, so "stop at line 33" means "a task's await chain sits on line 33". Every task step is
checked after it ran, either by the hooked path (``Stepper.after_handle``) or, while continuing,
only for the tasks that ``LineWatch`` saw execute a breakpoint line (3.12+), or for those whose
chain the loop found on a breakpoint line (3.11, ``breakpoint_line``). Lines where no coroutine
can suspend never hit and are dropped when set (``breakpoints.live_lines``). A task already on a
line when its breakpoint appears (or before its first step) is a *suspect*, checked as it resumes.
One pause a visit: a task paused on a line is not paused again until it has left it.

A mixin of ``Stepper``: the decisions live here, the pausing and the bookkeeping of steps there.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from . import snapshot
from .breakpoints import Breakpoints
from .linewatch import LineWatch
from .loop import SteppingEventLoop
from .snapshot import TaskRegistry


class Breaking:
    """The breakpoint half of ``Stepper`` (see the module's docstring)."""

    @property
    def loop(self) -> SteppingEventLoop | None:
        raise NotImplementedError

    interactive: bool
    registry: TaskRegistry
    breakpoints: Breakpoints
    break_tasks: set[str]
    break_exceptions: bool
    last: dict[str, Any] | None
    _detail: bool
    _watch: LineWatch
    _touched: list[Any]
    _bp_tasks: set[Any]
    _bp_suspects: set[Any]
    _pause_reason_next: str | None
    _pause_fields: dict[str, Any]

    def pause(self, loop: SteppingEventLoop, reason: str, next_handle: Any) -> None:
        raise NotImplementedError

    def flush_output(self) -> None:
        raise NotImplementedError

    def _rehook(self) -> None:
        raise NotImplementedError

    def _sync_counts(self, loop: SteppingEventLoop) -> None:
        raise NotImplementedError

    def set_breakpoints(self, command: dict[str, Any]) -> None:
        lines = set()
        for item in command.get("lines", []):
            if isinstance(item, list) and len(item) == 2 and isinstance(item[1], int):
                lines.add((str(item[0]), item[1]))
        self.breakpoints.set(lines)
        self._touched.clear()
        if self.interactive:
            self._watch.watch(self.breakpoints.by_file)
        # Tasks already on a new breakpoint line (not the one paused there now) pause as they
        # resume; tasks not yet seen are looked at when they are (``_first_sight``).
        self._bp_suspects = set()
        if self.breakpoints.live and self.loop is not None:
            self._bp_suspects = {task for task in asyncio.all_tasks(self.loop)
                                 if task not in self._bp_tasks
                                 and self.breakpoints.hit(task.get_coro()) is not None}
        self.break_exceptions = bool(command.get("exceptions", False))
        self.break_tasks = {str(n) for n in command.get("tasks", [])}
        self._rehook()

    def breakpoint_line(self, loop: SteppingEventLoop, task: Any) -> None:
        """The loop's inline check (no ``sys.monitoring``): ``task`` just suspended with a frame
        on a breakpoint line. The steps it counted come first, then the usual check."""
        if loop._task_steps or loop._callback_steps:
            self._sync_counts(loop)
        self._quiet_breakpoint_check(task)

    def _touched_line(self, task: Any) -> None:
        """``LineWatch``: ``task`` is running a breakpoint line; check it once its step ends."""
        self._touched.append(task)
        loop = self.loop
        if loop is not None:
            loop._hooked = True

    def _check_touched(self) -> None:
        """The first hook after steps that ran breakpoint lines: did a task suspend there?"""
        touched, self._touched = self._touched, []
        for task in dict.fromkeys(touched):
            # It ran a step: whatever breakpoint it was paused on, it has left that visit.
            self._bp_tasks.discard(task)
            if not task.done():
                self._quiet_breakpoint_check(task)
        if not self._detail:
            self._rehook()

    def _quiet_breakpoint_check(self, task: Any) -> None:
        """Continuing: pause if ``task`` just suspended on a breakpoint line, with a summary of
        its step (where it is, nothing of what it did: continuing does not follow steps)."""
        if self.breakpoints.hit(task.get_coro()) is not None:
            file, line = snapshot.task_location(task)
            self.last = {"task_id": self.registry.id_of(task), "task": task.get_name(),
                         "from_file": None, "from_line": None, "file": file, "line": line,
                         "cpu": None, "output": [], "created": [], "done": False}
            self._check_suspended_at(task)

    def _check_exception(self, task: Any) -> None:
        """A task just failed: pause here if the user asked to stop on task exceptions."""
        if not (self.break_exceptions and self.interactive and self.loop is not None):
            return
        exc = snapshot.peek_exception(task)
        if exc is None or task.cancelled():
            return
        self.flush_output()
        try:
            text = str(exc)
        except Exception:  # a user's __str__ may raise
            text = ""
        said = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
        if len(said) > 100:
            said = said[:97] + "..."
        # As a traceback's last line says it (and the task's outcome): "ValueError: bad record".
        self.pause(self.loop, f"exception in task {task.get_name()}: {said}", None)

    def _check_suspended_at(self, task: Any) -> None:
        """After a task step: pause right here if it suspended on a breakpoint line."""
        hit = self.breakpoints.hit(task.get_coro())
        if hit is not None and self.interactive and self.loop is not None:
            self._bp_tasks.add(task)
            self.flush_output()
            self.pause(self.loop, f"breakpoint at line {hit[1]}: task {task.get_name()} "
                       "suspended there", None)

    def breakpoint_hook(self, *args: Any, **kwargs: Any) -> None:
        """``sys.breakpointhook`` in the debuggee: ``breakpoint()`` pauses loopscope right
        after the handle that called it (a pause never cuts a handle in two), with the line."""
        loop = self.loop
        if loop is None or not self.interactive or os.environ.get("PYTHONBREAKPOINT") == "0":
            return
        if asyncio._get_running_loop() is not self.loop:
            return  # another thread, or outside the loop
        file, line = user_location(sys._getframe(1))
        task = asyncio.current_task(loop)
        who = f": task {task.get_name()}" if task is not None else ""
        self._pause_reason_next = f"breakpoint() at line {line}{who}"
        self._pause_fields = {"file": file, "line": line}
        loop._hooked = True


def user_location(frame: Any) -> tuple[str | None, int | None]:
    """The innermost user-code frame from ``frame`` outwards: (file, line)."""
    first = frame
    while frame is not None:
        if snapshot.is_user_file(frame.f_code.co_filename):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    if first is not None:
        return first.f_code.co_filename, first.f_lineno
    return None, None
