"""``loopscope replay FILE``: a recording played back as if it were a debuggee.

``ReplaySource`` is an event source for the debugger UI (the same interface as the UI's
``LiveSource``): it answers the protocol's commands from a recording instead of a process.
``loopscope record`` paused at every switch, so the recording holds a ``paused`` event with its
snapshot for each one; replaying releases the events up to the next ``paused`` for ``step``, runs
on to the next pause that hits a breakpoint for ``continue``, to the next step of one task for
``run_to_task``. A recording cannot change what ran: ``run_next`` (picking the next entry in
the Ready queue) is answered as ``step`` when it names the entry the recording ran next (a pick
made while recording is in the stream as a ``chosen`` event), else with an ``error``. No code of
the program runs, and nothing in the file is executed or unpickled
(``loopscope.recording`` reads it as checked plain data).
"""

from __future__ import annotations

import os
import queue
import threading
from collections import deque
from collections.abc import Iterator
from typing import Any

from .recording import RecordingError, read_events

Event = dict[str, Any]


class ReplaySource:
    """Events from a recording, released pause by pause as the commands ask."""

    accepts_input = False

    def __init__(self, path: str, *, breaks: list[str] | None = None,
                 break_tasks: list[str] | None = None) -> None:
        self.path = path
        self.header, self._events = read_events(path)  # raises RecordingError
        target = self.header.get("target") or ["recording"]
        self.script: str | None = str(target[0]) if target else None
        self.label = f"{os.path.basename(str(target[0]))} (replay)"
        self.cwd = os.getcwd()
        self._commands: queue.Queue[Event] = queue.Queue()
        self._ended = False
        self._stopped = False
        self._lock = threading.Lock()
        self.breaks: set[tuple[str, int]] = set()
        for spec in breaks or []:
            file, _, line = spec.rpartition(":")
            self.breaks.add((file, int(line)))
        self.break_tasks = set(break_tasks or [])
        self._started = False
        #: Events read ahead (to check a ``run_next``), given out again first.
        self._ahead: deque[Event] = deque()

    # -- the EventSource interface ------------------------------------------------------------

    def start(self) -> None:
        self._started = True
        self._commands.put({"kind": "_start"})

    def next_batch(self, timeout: float, limit: int = 2000) -> list[Event]:
        if self._ended:
            return []
        try:
            command = self._commands.get(timeout=timeout)
        except queue.Empty:
            return []
        return self._answer(command)

    def send(self, command: dict[str, Any]) -> bool:
        if self._stopped or self._ended:
            return False
        kind = command.get("kind")
        if kind == "set_breakpoints":
            self.breaks = {(str(f), int(n)) for f, n in command.get("lines", [])}
            self.break_tasks = {str(n) for n in command.get("tasks", [])}
            return True
        if kind == "pause":
            return True  # a replay never runs long enough to need it
        self._commands.put(dict(command))
        return True

    def write_stdin(self, text: str) -> bool:
        return False

    def close_stdin(self) -> None:
        pass

    def stop(self) -> None:
        self._stopped = True

    def fresh(self, breaks: list[str], break_tasks: list[str]) -> ReplaySource:
        """Restart: the same recording from its beginning."""
        return ReplaySource(self.path, breaks=breaks, break_tasks=break_tasks)

    def breakpoint_lines(self, breaks: set[tuple[str, int]]) -> list[list[Any]]:
        return [[file, line] for file, line in sorted(breaks)]

    # -- answering commands -------------------------------------------------------------------

    def _answer(self, command: Event) -> list[Event]:
        kind = command["kind"]
        if kind == "quit":
            return self._drain_to_end()
        if kind == "run_next":
            refused = self._refuse_pick(command)
            if refused is not None:
                return [refused]
        batch: list[Event] = []
        if kind != "_start":
            batch.append({"kind": "resumed", "mode": kind})
        target = command.get("task_id")
        while True:
            event = self._next()
            if event is None:
                return batch
            if event["kind"] == "resumed":
                continue  # the recorder's own resumes: the replay says its own
            batch.append(event)
            if event["kind"] == "ended":
                return batch
            if event["kind"] != "paused":
                continue
            if kind in ("_start", "step", "step_callback", "run_next"):
                return batch
            reason = self._stop_reason(event, kind, target)
            if reason is not None:
                batch[-1] = {**event, "reason": reason}
                return batch

    def _stop_reason(self, event: Event, kind: str, target: Any) -> str | None:
        snap = event["snapshot"]
        if event["reason"] == "deadlock":
            return "deadlock"
        ready = snap.get("ready") or []
        upcoming = ready[0] if ready else None
        if kind == "run_to_task" and upcoming and upcoming.get("task_id") == target:
            return "task"
        if upcoming and upcoming.get("task") in self.break_tasks:
            return f"breakpoint on task {upcoming['task']}"
        if self.breaks:
            last = snap.get("last") or {}
            if (last.get("file"), last.get("line")) in self.breaks and not last.get("done"):
                return (f"breakpoint at line {last['line']}: task {last.get('task')} "
                        "suspended there")
        return None

    def _refuse_pick(self, command: Event) -> Event | None:
        """``run_next``: None if the recording ran that entry next, else an ``error`` event."""
        ahead: list[Event] = []
        while True:
            event = self._next()
            if event is None:
                break
            ahead.append(event)
            if event["kind"] in ("paused", "ended"):
                break
        with self._lock:
            self._ahead.extendleft(reversed(ahead))
        picks = [e for e in ahead if e["kind"] == "chosen" and e.get("by") == "user"]
        ran = picks[0]["index"] if picks else 0
        if command.get("index") == ran:
            return None
        what = f"entry {ran + 1}, {picks[0]['what']}" if picks else "entry 1"
        return {"kind": "error", "message": f"a replay cannot change what ran: the recording "
                f"ran {what} next (press space to see it)"}

    def _next(self) -> Event | None:
        with self._lock:
            if self._ahead:
                return self._ahead.popleft()
            try:
                return next(self._iterator)
            except StopIteration:
                self._ended = True
                return None
            except RecordingError as exc:
                self._ended = True
                return {"kind": "error", "message": str(exc), "fatal": True}

    @property
    def _iterator(self) -> Iterator[Event]:
        return self._events

    def _drain_to_end(self) -> list[Event]:
        self._ended = True
        return [{"kind": "ended", "code": 0}]


def run_replay(path: str, breaks: list[str], break_tasks: list[str]) -> int:
    """Open the debugger on a recording. Raises ``RecordingError`` for a bad file."""
    source = ReplaySource(path, breaks=breaks, break_tasks=break_tasks)
    from .ui.app import history_limit, run_in_terminal
    from .ui.debugger import LoopscopeApp

    source.start()
    app = LoopscopeApp(source, breaks=breaks, break_tasks=break_tasks,  # type: ignore[arg-type]
                       history_limit=history_limit(), started=True)
    result = run_in_terminal(app)
    # The app's own status: 0 when the user quits, 1 when it failed (Textual printed why).
    return result if isinstance(result, int) else (app.return_code or 0)
