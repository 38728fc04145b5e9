"""Where the debugger's events come from: the one input of the UI.

The app never talks to a process directly. It reads batches of protocol events (plain dicts,
exactly as ``loopscope.protocol`` decodes them) from an ``EventSource`` in a thread worker, and
sends commands back through it. ``LiveSource`` is a running debuggee; a recording replayed later
(issue 4) is another ``EventSource`` that answers ``step`` by releasing the events up to the next
pause, so the app has one code path for both.

This module imports only the standard library and ``loopscope.session``: ``run_app`` starts the
debuggee with it before Textual is imported, so the program is already on its way to its first
pause while the UI loads.
"""

from __future__ import annotations

import os
import queue
import subprocess
from dataclasses import replace
from typing import Any, Protocol

from ..session import Debuggee, Launch
from . import heap

Event = dict[str, Any]

#: Put in a stopped debuggee's queue to wake the reader blocked on it (never an event: told
#: apart by identity, and never returned).
_WAKE: Event = {"kind": "wake"}


class EventSource(Protocol):
    """What the app needs from a run: events in, commands out."""

    #: A short name for the title bar (the script's file name).
    label: str
    #: The directory file names in snapshots are relative to.
    cwd: str
    #: The script's path as the debuggee sees it (``None`` for ``-m module``).
    script: str | None
    #: False for a replay: there is no program to type into.
    accepts_input: bool

    def start(self) -> None:
        """Start producing events (spawn the process, open the file)."""

    def next_batch(self, timeout: float) -> list[Event]:
        """Block up to ``timeout`` seconds; return the events that arrived, in order.

        Called from a worker thread only. The batch ends after an ``ended`` event, which is the
        last event a source ever gives. Once ``stop`` was called it returns ``[]`` at once, and a
        call blocked in it returns ``[]`` soon (the app cancels its reader, then stops the
        source: the thread the reader holds is one of a small pool's)."""

    def send(self, command: dict[str, Any]) -> bool:
        """Send one protocol command; False if nobody listens any more."""

    def write_stdin(self, text: str) -> bool:
        """Write text to the program's standard input; False if that is impossible."""

    def stop(self) -> None:
        """Stop for good (kill the process and reap it), waking a blocked ``next_batch``.
        Safe to call twice."""

    def fresh(self, breaks: list[str], break_tasks: list[str]) -> EventSource:
        """A new, not yet started source for the same program (restart)."""

    def breakpoint_lines(self, breaks: set[tuple[str, int]]) -> list[list[Any]]:
        """``set_breakpoints`` lines for absolute ``(file, line)`` pairs."""


class LiveSource:
    """A debuggee process in interactive mode."""

    accepts_input = True

    def __init__(self, launch: Launch) -> None:
        self.launch = replace(launch, mode="interactive")
        self.cwd = os.path.abspath(launch.cwd or os.getcwd())
        self.script = None if launch.module else launch.target[0]
        self.label = (launch.target[0] if launch.module
                      else os.path.basename(launch.target[0]))
        self.debuggee = Debuggee(self.launch, capture_output=True, stdin=subprocess.PIPE,
                                 on_whole=heap.whole_snapshot_taken)
        self._ended = False
        self._stopped = False

    def start(self) -> None:
        self.debuggee.start()

    def next_batch(self, timeout: float, limit: int = 2000) -> list[Event]:
        if self._ended or self._stopped:
            return []
        events = self.debuggee.events
        try:
            first = events.get(timeout=timeout)
        except queue.Empty:
            return []
        if first is _WAKE or self._stopped:
            return []
        batch = [first]
        while first["kind"] != "ended" and len(batch) < limit:
            try:
                event = events.get_nowait()
            except queue.Empty:
                break
            batch.append(event)
            if event["kind"] == "ended":
                break
        if batch[-1]["kind"] == "ended":
            self._ended = True
        return batch

    def send(self, command: dict[str, Any]) -> bool:
        if self._stopped or self.debuggee.process is None:
            return False
        return self.debuggee.send(command)

    def write_stdin(self, text: str) -> bool:
        process = self.debuggee.process
        if self._stopped or process is None or process.stdin is None:
            return False
        try:
            process.stdin.write(text.encode())
            process.stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False

    def close_stdin(self) -> None:
        process = self.debuggee.process
        if process is not None and process.stdin is not None:
            try:
                process.stdin.close()
            except OSError:
                pass

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.debuggee.stop_listening()
        try:
            # A reader blocked in ``next_batch`` returns now rather than after its timeout. A
            # full queue has events to return at once already.
            self.debuggee.events.put_nowait(_WAKE)
        except queue.Full:
            pass
        process = self.debuggee.process
        if process is None:
            return
        self.debuggee.kill()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL does not time out
            pass
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass

    def fresh(self, breaks: list[str], break_tasks: list[str]) -> LiveSource:
        return LiveSource(replace(self.launch, breaks=list(breaks),
                                  break_tasks=list(break_tasks)))

    def breakpoint_lines(self, breaks: set[tuple[str, int]]) -> list[list[Any]]:
        # The engine compares against code objects' file names, which are relative for the
        # script itself when it was started with a relative path: send both spellings.
        lines: list[list[Any]] = []
        script_abs = (os.path.normpath(os.path.join(self.cwd, self.script))
                      if self.script is not None else None)
        for file, line in sorted(breaks):
            lines.append([file, line])
            if self.script is not None and file == script_abs and self.script != file:
                lines.append([self.script, line])
        return lines


__all__ = ["EventSource", "LiveSource", "Event"]
