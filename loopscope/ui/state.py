"""One run of the program, folded from its events into what the screen needs.

The debuggee speaks in events; the screen shows state. ``RunState.apply`` is the single place
where one becomes the other, with no Textual import, so it is tested with plain event lists and
a replayed recording goes through exactly the same code. It keeps:

* the **history** of pauses (``loopscope.history``), each entry with its narration and the
  length of the output at that moment, so a past step shows exactly what was on screen then;
* the **output**, a bounded list of lines that remembers which stream wrote them;
* the **status**: one word (``starting``, ``paused``, ``running``, ``blocked``, ``deadlock``,
  ``finished``, ``crashed``, ``died``) plus the details the status bar and narration need;
* the newest **progress** snapshot while the program runs freely.

When the program ends, the last known snapshot is completed with what happened since (tasks
finished, the exception) and kept as a final history entry, so the screen keeps the final state.
After a free ``continue`` the engine's final snapshot lists only the tasks still in memory (a
finished task nobody holds is collected, and the unhooked loop reports no ends): the final entry
also lists every task seen since the last pause (created, in a progress snapshot, reported
done), each with the last state known, so the end shows every task that existed, not "0 alive".
"""

from __future__ import annotations

import copy
import itertools
import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import narrate
from ..history import DEFAULT_LIMIT, Entry, History
from . import cycle

Event = dict[str, Any]
Snapshot = dict[str, Any]

#: Output lines kept; older lines scroll away for good.
OUTPUT_LINES = 5000
#: Events kept between two pauses for the narration.
SINCE_PAUSE = 256
#: Characters kept of one line (the rest is counted, not stored).
LINE_CHARS = 2000
#: Tasks remembered between two pauses for the final state (the newest are kept).
KNOWN_TASKS = 10_000
#: What the final state says of a task whose end the engine did not follow (``c`` ran freely).
NOT_FOLLOWED = "ran freely: not followed"


@dataclass(slots=True)
class OutputLine:
    start: int
    stream: str
    text: str = ""
    closed: bool = False


class OutputLines:
    """The program's output as lines, each remembering its stream and its position.

    Positions are absolute character counts since the start of the run (newlines included),
    so a history entry only needs one number, ``mark``, to show the output as it was."""

    def __init__(self, limit: int = OUTPUT_LINES) -> None:
        self.lines: deque[OutputLine] = deque(maxlen=limit)
        #: Characters written so far: the mark of "now".
        self.end = 0

    def write(self, stream: str, text: str) -> None:
        lines = self.lines
        for index, part in enumerate(text.split("\n")):
            if index:
                # A newline closes the current line.
                if lines and not lines[-1].closed and lines[-1].stream == stream:
                    lines[-1].closed = True
                else:
                    lines.append(OutputLine(self.end, stream, "", True))
                self.end += 1
            if part:
                last = lines[-1] if lines else None
                if last is None or last.closed or last.stream != stream:
                    if last is not None and not last.closed:
                        last.closed = True
                    last = OutputLine(self.end, stream)
                    lines.append(last)
                if len(last.text) < LINE_CHARS:
                    last.text = (last.text + part)[:LINE_CHARS]
                self.end += len(part)

    def visible(self, mark: int | None = None) -> list[tuple[str, str]]:
        """``(stream, text)`` of every line as it was when ``end`` was ``mark``."""
        if mark is None or mark >= self.end:
            return [(line.stream, line.text) for line in self.lines]
        out = []
        for line in self.lines:
            if line.start >= mark:
                break
            out.append((line.stream, line.text[: mark - line.start]))
        return out

    def clear(self) -> None:
        self.lines.clear()
        self.end = 0


@dataclass
class Changes:
    """What one batch of events changed, so the app redraws only that."""

    entry: bool = False
    progress: bool = False
    output: bool = False
    status: bool = False
    blocked: bool = False
    ended: bool = False
    messages: list[str] = field(default_factory=list)
    #: ``paused`` events in the batch (a burst of keys can bring several), and ``resumed`` ones:
    #: the engine's answers to the resuming commands sent.
    pauses: int = 0
    resumed: int = 0


class RunState:
    """Everything the screen shows about one run, folded from its events."""

    def __init__(self, history_limit: int = DEFAULT_LIMIT,
                 user_file: Callable[[str], bool] | None = None) -> None:
        self.history = History(history_limit)
        self.user_file = user_file or is_user_file
        self.output = OutputLines()
        self.status = "starting"
        #: Words after the status (pause reason, exit code, signal...).
        self.detail = ""
        self.progress: Snapshot | None = None
        self.last_snapshot: Snapshot | None = None
        #: Events since the last pause, for the narration (bounded: continue can make millions).
        self.since_pause: deque[Event] = deque(maxlen=SINCE_PAUSE)
        #: Tasks created / finished since the last snapshot, for the final state.
        self._created: dict[str, Event] = {}
        self._done: dict[str, Event] = {}
        #: Every task seen since the last pause, its newest entry (or ``task_created`` event),
        #: for the final state (bounded by ``KNOWN_TASKS``).
        self._known: dict[str, dict[str, Any]] = {}
        #: The engine's final ``progress`` came: the last snapshot's counts are up to date.
        self._final_progress = False
        self._switch: Event | None = None
        self._last_step = 0
        self._last_t = 0.0
        self.hello: Event | None = None
        self.exit_code: int | None = None
        self.signal: str | None = None
        #: Why loopscope ended the session itself: the debuggee broke the protocol.
        self.lost: str | None = None
        self.exception: Event | None = None
        self.blocked: Event | None = None
        self.deadlock: Event | None = None
        #: The loop's thread blocks on sockets or pipes (an ``io_wait`` event) and nothing ran
        #: since.
        self.io_wait: Event | None = None
        #: Task id -> the longest one step of it blocked the loop, from ``blocked`` events.
        self.blocking: dict[str, float] = {}
        self._ignore_block_end = False
        self._resumed_mode = ""
        self._exit_switches: int | None = None
        #: The last line of user code a task ran: ``{"file", "line"}``.
        self.user_location: dict[str, Any] | None = None
        #: The sentence for the live screen when it is not a history entry's, in the
        #: technical and the waiter vocabulary (``live_narration`` sets both alike).
        self._live = ("Starting the program...", "Starting the program...")
        self.pauses = 0
        self.ended = False
        self.finished = False

    # -- queries ------------------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self.status in ("paused", "deadlock")

    @property
    def running(self) -> bool:
        return self.status in ("running", "blocked")

    @property
    def running_freely(self) -> bool:
        """Running after ``continue``, not a step under way."""
        return self.running and self._resumed_mode == "continue"

    @property
    def live_narration(self) -> str:
        """The live sentence (technical vocabulary)."""
        return self._live[0]

    @live_narration.setter
    def live_narration(self, sentence: str) -> None:
        self._live = (sentence, sentence)

    def say(self, technical: str, waiter: str) -> None:
        """Set the live sentence in both vocabularies."""
        self._live = (technical, waiter)

    def live_sentence(self, vocabulary: str) -> str:
        """The live sentence in ``vocabulary``."""
        return self._live[1] if vocabulary == narrate.WAITER else self._live[0]

    def state_word(self) -> str:
        if self.status in ("finished", "crashed", "died"):
            return f"{self.status} ({self.detail})" if self.detail else self.status
        return self.status

    # -- folding events -----------------------------------------------------------------------

    def apply_all(self, events: list[Event]) -> Changes:
        changes = Changes()
        for event in events:
            self.apply(event, changes)
        return changes

    def apply(self, event: Event, changes: Changes) -> None:
        kind = event.get("kind")
        if kind == "switch":
            self._note_location(event)
            self._switch = event
        if kind in ("switch", "callback"):
            self._last_step = max(self._last_step, int(event.get("step", 0)))
            self._last_t = max(self._last_t, float(event.get("t", 0.0)))
        elif kind == "clock_jumped":
            self._last_t = max(self._last_t, float(event.get("to", 0.0)))
        elif kind == "task_created":
            tid = str(event.get("task_id"))
            self._created[tid] = event
            if tid not in self._known:
                self._remember({tid: event})
        elif kind == "task_done":
            tid = str(event.get("task_id"))
            self._done[tid] = event
            self._known[tid] = _ended(self._known.get(tid) or _entry(event), event)
        handler = getattr(self, f"_on_{kind}", None)
        if kind not in ("output", "io_wait"):
            self.io_wait = None  # anything the loop did ends a wait for I/O
        if kind not in ("output", "paused", "progress"):
            self.since_pause.append(event)
        if handler is not None:
            handler(event, changes)

    def _note_location(self, switch: Event) -> None:
        """Remember the last line of user code a task ran (the final screen shows it)."""
        for file_key, line_key in (("file", "line"), ("from_file", "from_line")):
            file = switch.get(file_key)
            if file and self.user_file(file):
                self.user_location = {"file": file, "line": switch.get(line_key)}
                return

    def _since_snapshot(self) -> None:
        self._created.clear()
        self._done.clear()
        self._switch = None

    def _remember(self, tasks: dict[str, dict[str, Any]]) -> None:
        """Note tasks seen since the last pause; past ``KNOWN_TASKS`` the oldest go."""
        known = self._known
        known.update(tasks)
        if len(known) > KNOWN_TASKS:
            for tid in list(itertools.islice(known, len(known) - KNOWN_TASKS)):
                del known[tid]

    def _on_hello(self, event: Event, changes: Changes) -> None:
        self.hello = event

    def _on_output(self, event: Event, changes: Changes) -> None:
        self.output.write(str(event.get("stream", "stdout")), str(event.get("text", "")))
        changes.output = True

    def _on_paused(self, event: Event, changes: Changes) -> None:
        snapshot = event["snapshot"]
        reason = str(event.get("reason", "step"))
        latest = self.history.latest
        previous = latest.snapshot if latest is not None else None
        sentence = narrate.narrate(snapshot, previous, reason, self.since_pause)
        waiter = narrate.narrate(snapshot, previous, reason, self.since_pause, narrate.WAITER)
        state = "deadlock" if reason == "deadlock" else "paused"
        self.history.append(Entry(snapshot, reason, sentence, self.output.end, state, waiter,
                                  cycle.phase(self.since_pause, reason),
                                  previous is not None
                                  and cycle.asyncio_own(self.since_pause, reason)))
        self._since_snapshot()
        self._known.clear()  # the history entry lists them
        self.last_snapshot = snapshot
        self.progress = None
        self.since_pause.clear()
        self.blocked = None
        self.pauses += 1
        self.status = state
        self.detail = reason
        changes.entry = changes.status = True
        changes.pauses += 1

    def _on_resumed(self, event: Event, changes: Changes) -> None:
        changes.resumed += 1
        self._resumed_mode = str(event.get("mode", ""))
        if self._resumed_mode == "continue":
            # No step is reported while running freely: the last line seen soon goes stale.
            self.user_location = None
        if not self.ended:
            self.status = "running"
            self.detail = str(event.get("mode", ""))
            self.live_narration = "Running..." if self.detail == "continue" else "Stepping..."
            changes.status = True

    def _on_progress(self, event: Event, changes: Changes) -> None:
        if self.ended:
            return
        self.progress = event["snapshot"]
        self._final_progress = bool(event.get("final"))
        self._remember({str(t.get("id")): t for t in self.progress.get("tasks") or ()})
        self._since_snapshot()
        self.last_snapshot = self.progress
        # A progress snapshot is taken between two handles: whatever held the loop let go.
        if self.status == "blocked":
            self.status = "running"
            self.blocked = None
            self.live_narration = "Running..."
            changes.status = True
        changes.progress = True

    def _on_blocked(self, event: Event, changes: Changes) -> None:
        # Engine workaround: its watchdog reports the loop "blocked" while it sits paused (the
        # handle before the pause stays ``_running_handle``), then reports that block's end
        # once resumed; an answer to ``pause`` can also arrive just after the pause itself.
        # A paused loop is never blocked: drop those reports.
        if event.get("ongoing") and self.paused:
            if not event.get("on_pause"):
                self._ignore_block_end = True
            return
        if not event.get("ongoing") and not event.get("call") and self._ignore_block_end:
            self._ignore_block_end = False
            return
        if not event.get("ongoing") and event.get("task_id"):
            # A step that held the loop just returned: the Tasks pane marks its task.
            tid, seconds = str(event["task_id"]), float(event.get("seconds", 0.0))
            self.blocking[tid] = max(seconds, self.blocking.get(tid, 0.0))
        if not event.get("ongoing") and self.paused:
            # The watchdog's thread can report the end after the pause that followed the
            # step (``p`` while blocked): mark the task, keep the pause's sentence.
            changes.blocked = True
            return
        self.blocked = event
        if event.get("ongoing"):
            if not self.ended:
                self.status = "blocked"
        elif self.status == "blocked":
            self.status = "running"
        self.say(narrate.blocked(event), narrate.blocked(event, narrate.WAITER))
        changes.status = changes.blocked = True

    def _on_io_wait(self, event: Event, changes: Changes) -> None:
        self.io_wait = event
        changes.status = True

    def _on_deadlock(self, event: Event, changes: Changes) -> None:
        self.deadlock = event
        changes.status = True

    def _on_time_limit(self, event: Event, changes: Changes) -> None:
        changes.messages.append(f"The virtual clock passed the time limit (t={event['t']:g})")

    def _on_exception(self, event: Event, changes: Changes) -> None:
        self.exception = event
        changes.status = True

    def _on_message(self, event: Event, changes: Changes) -> None:
        # loopscope's own notices (time limit...): in Output, marked as loopscope's.
        text = str(event.get("text", ""))
        self.output.write("loopscope", text if text.endswith("\n") else text + "\n")
        changes.output = True

    def _on_error(self, event: Event, changes: Changes) -> None:
        changes.messages.append(f"loopscope: {event.get('message')}")

    def _on_exit(self, event: Event, changes: Changes) -> None:
        self.exit_code = int(event["code"])
        if isinstance(event.get("switches"), int):
            self._exit_switches = int(event["switches"])
        self._finish(changes, said_exit=True)

    def _on_ended(self, event: Event, changes: Changes) -> None:
        self.signal = event.get("signal")
        self.lost = event.get("error")
        code = int(event.get("code", 0))
        if self.finished:
            if self.signal:  # it said goodbye, then died anyway
                self.status, self.detail = "died", self.signal
        else:
            self.exit_code = code
            self._finish(changes, said_exit=False)
        self.ended = True
        changes.ended = changes.status = True

    def _finish(self, changes: Changes, said_exit: bool) -> None:
        if self.finished:
            return
        self.finished = True
        code = self.exit_code if self.exit_code is not None else 0
        if self.signal:
            self.status, self.detail = "died", self.signal
        elif not said_exit:
            self.status, self.detail = "died", f"exit {code}"
        elif self.exception is not None:
            self.status, self.detail = "crashed", f"exit {code}"
        else:
            self.status, self.detail = "finished", f"exit {code}"
        sentence = narrate.ended(code, self.signal, said_exit, self.exception)
        waiter = narrate.ended(code, self.signal, said_exit, self.exception, narrate.WAITER)
        if self.lost:
            self.status, self.detail = "died", "lost"
            sentence = waiter = f"loopscope: {self.lost}; press r to restart"
        self.say(sentence, waiter)
        final = self._final_snapshot()
        if final is not None:
            self.history.append(Entry(final, "final", sentence, self.output.end,
                                      self.state_word(), waiter))
            self.last_snapshot = final
            changes.entry = True
        self.progress = None
        changes.status = True

    def _final_snapshot(self) -> Snapshot | None:
        """The last snapshot seen, brought up to date with the events that followed it."""
        base = self.last_snapshot
        if base is None:
            return None
        final = copy.copy(base)
        tasks = {t["id"]: dict(t) for t in base.get("tasks", ())}
        step: int | None = max(int(base.get("step", 0)), self._last_step)
        t: float | None = max(float(base.get("t", 0.0)), self._last_t)
        switches = base.get("switches", 0)
        if (self._switch is None and self._resumed_mode == "continue"
                and not self._final_progress):
            # The engine ran freely since that snapshot and reported no steps: unknown.
            step = t = switches = None
        if self._exit_switches is not None:
            switches = self._exit_switches
        last = base.get("last")
        switch = self._switch
        if switch is not None:
            switches = max(int(switches or 0), int(switch.get("switch", 0)))
            last = {"task_id": switch.get("task_id"), "task": switch.get("task"),
                    "from_file": switch.get("from_file"), "from_line": switch.get("from_line"),
                    "file": switch.get("file"), "line": switch.get("line"),
                    "done": bool(switch.get("done")), "created": [], "output": []}
        # Tasks the last snapshot no longer lists (collected after they ended unseen): as last
        # seen, in the last pause or since; the newer sight wins, the last snapshot over both.
        paused = self.history.latest
        earlier: dict[str, dict[str, Any]] = {}
        if paused is not None and paused.snapshot is not base:
            earlier.update((t["id"], t) for t in paused.snapshot.get("tasks", ()))
        earlier.update(self._known)
        for task_id, seen in earlier.items():
            if task_id not in tasks:
                tasks[task_id] = dict(seen) if "kind" not in seen else _entry(seen)
        for task_id, event in self._done.items():
            if task_id in tasks:
                tasks[task_id] = _ended(tasks[task_id], event)
        # Not reported as ended: after a free ``continue`` (the engine's final snapshot came)
        # they ended unseen; else the program died under them.
        unknown = NOT_FOLLOWED if self._final_progress else "ended (not reported)"
        for task in tasks.values():
            task["next"] = False
            if task.get("state") in ("ready", "waiting"):
                task.update(state="ended", outcome=unknown, file=None, line=None,
                            function=None, source=None, chain=[], awaiting="")
        final.update(step=step, switches=switches, t=t, ready=[], timers=[], io=[],
                     executor_pending=0, last=last, final=True, where=self.user_location,
                     tasks=sorted(tasks.values(), key=_order))
        if self.exception is not None:
            final["exception"] = {k: self.exception.get(k)
                                  for k in ("type", "message", "file", "line")}
        return final


def _entry(event: Event) -> dict[str, Any]:
    """A task entry from its ``task_created`` (or ``task_done``) event: name and coroutine."""
    return {"id": str(event.get("task_id")), "name": event.get("task"),
            "coro": event.get("coro"), "state": "waiting", "file": None, "line": None,
            "function": None, "source": None, "chain": [], "awaiting": "", "next": False}


def _ended(task: dict[str, Any], done: Event) -> dict[str, Any]:
    """``task`` as its ``task_done`` event left it."""
    outcome = done.get("outcome")
    detail = done.get("detail", "")
    task = dict(task) if "kind" not in task else _entry(task)
    task.update(state={"cancelled": "cancelled", "exception": "failed"}.get(
        str(outcome), "done"), outcome=(
        "cancelled" if outcome == "cancelled" else detail if outcome == "exception"
        else f"returned {detail}"), file=None, line=None, function=None, source=None,
        chain=[], awaiting="")
    return task


def _order(task: dict[str, Any]) -> tuple[int, int]:
    """Tasks in the order the engine first saw them (ids ``T1``, ``T2``...)."""
    text = str(task.get("id"))
    return (0, int(text[1:])) if text[:1] == "T" and text[1:].isdigit() else (1, 0)


def is_user_file(file: str) -> bool:
    """True unless ``file`` is in this interpreter's standard library or site-packages."""
    path = os.path.normpath(file)
    parts = path.split(os.sep)
    return not (path.startswith(_STDLIB) or "site-packages" in parts
                or "dist-packages" in parts or file.startswith("<"))


_STDLIB = os.path.dirname(os.__file__) + os.sep


__all__ = ["RunState", "is_user_file", "OutputLines", "Changes", "OutputLine"]
