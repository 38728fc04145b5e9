"""Line stepping: every line one task runs in one step, reported as ``line`` events.

A task step is one handle: the task resumes, runs lines of its coroutines (and of whatever
they call), and suspends at its next ``await`` that really waits. Line stepping runs exactly
that one handle with a line tracer switched on, and pauses after it, so the rule "a pause
happens only between two handles" still holds: the user sees the lines walked, in order, then
the task suspended, with the other tasks' switches that ran before it listed as usual.

The tracer is on only while that one handle runs, and only on the loop's thread: every other
handle runs at full speed, untraced. Inside the handle only the task runs, so "the task's frames"
are the frames executed on the loop's thread during it; library lines (asyncio, the standard
library, site-packages) are left out, as everywhere in loopscope.

* Python 3.12+: ``sys.monitoring`` ``LINE`` events for one tool id, switched on for the handle
  and off after. A library location answers ``DISABLE``, so it costs nothing the next time.
  The id is one no tool of the standard library or of the usual debuggers, coverage tools and
  profilers asks for (3 or 4, else the optimizer's 5, which nothing uses yet), never the
  debugger's: from 3.14 ``pdb.set_trace()`` (what ``breakpoint()`` calls under plain python)
  traces with ``DEBUGGER_ID`` and fails with "Another debugger is using the monitoring tool"
  if that id is held, and it may well be entered during the very step being traced. The two
  then run side by side, each with its own events. When every one of those ids is held (the
  user's own tools), the step is traced with ``sys.settrace``, as on 3.11, and ``notice`` says
  so in one line: a debugger of the user's that traces with ``sys.settrace`` is set aside for
  that one handle.
* Python 3.11: ``sys.settrace`` on the loop's thread for the handle (a resumed coroutine is a
  ``call`` event, so its frame gets the local tracer); whatever tracer was set before is put
  back after.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from .snapshot import is_user_file

#: Tool ids tried on 3.12+, in order: the two no tool is assigned (``linewatch`` takes one of
#: them while breakpoints are set), then the optimizer's. Never 0 (pdb's, debugpy's), 1
#: (coverage's) or 2 (the profilers', ``cProfile`` among them): their owners fail when it is held.
_TOOL_IDS = (3, 4, 5)
_TOOL_NAME = "loopscope line step"

#: Called with (file, line, function) for each line run.
LineSink = Callable[[str, int, str], None]
#: Called with a one-line notice of loopscope's for the user.
Notice = Callable[[str], None]


class LineTracer:
    """Reports the user lines the loop's thread runs between ``start`` and ``stop``."""

    def __init__(self, sink: LineSink, notice: Notice | None = None) -> None:
        self.sink = sink
        self.notice = notice
        self.thread = 0
        self._mon: Any = getattr(sys, "monitoring", None)
        self._tool: int | None = None
        self._previous: Any = None
        self.active = False

    def start(self) -> None:
        self.thread = threading.get_ident()
        self.active = True
        mon = self._mon
        if mon is not None and self._claim(mon):
            mon.register_callback(self._tool, mon.events.LINE, self._on_line)
            mon.set_events(self._tool, mon.events.LINE)
            return
        self._previous = sys.gettrace()
        sys.settrace(self._on_call)

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        mon, tool = self._mon, self._tool
        if tool is not None:
            mon.set_events(tool, 0)
            mon.register_callback(tool, mon.events.LINE, None)
            mon.free_tool_id(tool)
            self._tool = None
            return
        sys.settrace(self._previous)
        self._previous = None

    def _claim(self, mon: Any) -> bool:
        for tool in _TOOL_IDS:
            try:
                mon.use_tool_id(tool, _TOOL_NAME)
            except ValueError:  # taken by another tool (the user's debugger, coverage)
                continue
            self._tool = tool
            return True
        if self.notice is not None:
            held = ", ".join(f"{tool} ({mon.get_tool(tool)})" for tool in _TOOL_IDS)
            self.notice(f"loopscope: the line step traces with sys.settrace: the sys.monitoring "
                        f"tool ids it can take are held: {held}")
        return False

    # -- 3.12+ ----------------------------------------------------------------------------------

    def _on_line(self, code: Any, line: int) -> Any:
        if not is_user_file(code.co_filename):
            return self._mon.DISABLE
        if self.active and threading.get_ident() == self.thread:
            self.sink(code.co_filename, line, getattr(code, "co_qualname", code.co_name))
        return None

    # -- 3.11 -----------------------------------------------------------------------------------

    def _on_call(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "call" and is_user_file(frame.f_code.co_filename):
            return self._on_local
        return None

    def _on_local(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "line" and self.active:
            code = frame.f_code
            self.sink(code.co_filename, frame.f_lineno,
                      getattr(code, "co_qualname", code.co_name))
        return self._on_local


__all__ = ["LineTracer"]
