"""``LineWatch``: tell the stepper which task stepped onto a breakpoint line, at no cost otherwise.

A line breakpoint hits when a task suspends at that line (``breakpoints.py``). Checking every
task's await chain after every step keeps that exact, but a breakpoint that never hits then
costs a walk of the chain per switch: two to three times a program's run time. On Python 3.12+
``sys.monitoring`` lets the interpreter itself do the filtering, per code object:

- ``PY_START``/``PY_RESUME`` fire once per code location (the callback returns ``DISABLE``);
  the first time a code object of a file with breakpoints runs, its ``LINE`` events are turned
  on locally, for that code object only. Every other function of the program runs
  uninstrumented, which is the whole point.
- A ``LINE`` event on a line without a breakpoint is disabled where it fires, so a watched
  function pays once per line; a ``LINE`` event on a breakpoint line names the running task
  (``current_task()``), and the stepper checks that task's await chain exactly as before, after
  its step. The watch is a filter: it never decides a hit by itself.

Changing the breakpoints turns every watched code object off again and ``restart_events()``
re-arms the disabled locations (a coroutine suspended since before the change resumes through a
``PY_RESUME`` and is found again). Python 3.11 has no ``sys.monitoring``: ``available`` is
False there and the loop checks every task step's await chain inline (``loop._line_breaks``).
"""

from __future__ import annotations

import os
import sys
from asyncio import events, tasks
from collections.abc import Callable
from types import CodeType
from typing import Any

_TOOL_NAME = "loopscope breakpoints"
#: Tool ids free by convention (0 debugger, 1 coverage, 2 profiler, 5 optimizer).
_TOOL_IDS = (3, 4)


class LineWatch:
    """Calls ``on_touched(task)`` when a task executes a line that has a breakpoint."""

    def __init__(self, on_touched: Callable[[Any], None]) -> None:
        self._on_touched = on_touched
        self._monitoring: Any = getattr(sys, "monitoring", None)
        self._tool: int | None = None
        self._by_file: dict[str, frozenset[int]] = {}
        #: Code objects with breakpoint lines (LINE events on) and those lines.
        self._watched: dict[CodeType, frozenset[int]] = {}

    @property
    def available(self) -> bool:
        return self._monitoring is not None

    @property
    def active(self) -> bool:
        return self._tool is not None

    def watch(self, by_file: dict[str, frozenset[int]]) -> bool:
        """Watch these lines (normalised absolute file -> lines); False if it cannot."""
        mon = self._monitoring
        if mon is None:
            return False
        if not by_file:
            self.stop()
            return False
        if self._tool is None and not self._claim(mon):
            return False
        self._unwatch_all()
        self._by_file = by_file
        assert self._tool is not None
        mon.set_events(self._tool, mon.events.PY_START | mon.events.PY_RESUME)
        mon.restart_events()
        return True

    def stop(self) -> None:
        mon, tool = self._monitoring, self._tool
        if mon is None or tool is None:
            return
        self._unwatch_all()
        mon.set_events(tool, 0)
        for event in (mon.events.PY_START, mon.events.PY_RESUME, mon.events.LINE):
            mon.register_callback(tool, event, None)
        mon.free_tool_id(tool)
        self._tool = None
        self._by_file = {}

    def _claim(self, mon: Any) -> bool:
        for tool in _TOOL_IDS:
            try:
                mon.use_tool_id(tool, _TOOL_NAME)
            except ValueError:  # taken by someone else (a coverage run, another debugger)
                continue
            self._tool = tool
            mon.register_callback(tool, mon.events.PY_START, self._entered)
            mon.register_callback(tool, mon.events.PY_RESUME, self._entered)
            mon.register_callback(tool, mon.events.LINE, self._line)
            return True
        return False

    def _unwatch_all(self) -> None:
        mon, tool = self._monitoring, self._tool
        if tool is not None:
            for code in self._watched:
                mon.set_local_events(tool, code, 0)
        self._watched = {}

    # -- callbacks: run inside the program's own code, so they are short --------------------

    def _entered(self, code: CodeType, offset: int) -> Any:
        if code not in self._watched:
            lines = self._by_file.get(os.path.normcase(os.path.abspath(code.co_filename)))
            if lines:
                own = {line for _, _, line in code.co_lines() if line is not None}
                found = frozenset(lines & own)
                if found and self._tool is not None:
                    self._watched[code] = found
                    self._monitoring.set_local_events(self._tool, code,
                                                      self._monitoring.events.LINE)
        return self._monitoring.DISABLE

    def _line(self, code: CodeType, line: int) -> Any:
        lines = self._watched.get(code)
        if lines is None or line not in lines:
            return self._monitoring.DISABLE
        loop = events._get_running_loop()
        task = tasks.current_task(loop) if loop is not None else None
        if task is not None:
            self._on_touched(task)
        return None
