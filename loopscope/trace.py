"""``loopscope trace``: the text front end.

It runs the program to the end and writes what the loop did. The program's own output keeps its
streams (stdout to stdout, stderr to stderr), so ``loopscope trace prog.py > out.txt`` captures
exactly what ``python prog.py > out.txt`` would; the trace lines go to stderr, flushed in order
with the output so that a terminal shows them interleaved. ``--json`` prints the event stream
itself on stdout instead, and ``--summary`` only totals; ``--stats`` adds the per-task table
(``loopscope.stats``) at the end. The exit status is the program's.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from .session import Debuggee, Launch
from .stats import TaskStats, table_text
from .timeline import Timeline


def _where(file: str | None, line: int | None, base: str | None = None) -> str:
    if file is None:
        return "?"
    name = os.path.basename(file)
    if base is not None and file == base:
        return f":{line}"
    return f"{name}:{line}"


def seconds(t: float) -> str:
    """A time as ``%g`` writes it (``7``, ``0.5``), never in exponent form: real I/O charged to
    the virtual clock makes times like 4.6e-05, which read as noise."""
    text = f"{t:g}"
    if "e" in text:
        text = f"{t:.6f}".rstrip("0").rstrip(".") or "0"
    return text


def format_event(event: dict[str, Any]) -> str | None:
    """One human line for an event, or None for events that get no line."""
    kind = event["kind"]
    if kind == "switch":
        t = event.get("t", 0.0)
        head = f"[{event['switch']:>5}] t={seconds(t):<8} {event['task']:<14}"
        if event.get("done"):
            moved = _where(event.get("from_file"), event.get("from_line"))
        elif event.get("from_file"):
            moved = (f"{_where(event.get('from_file'), event.get('from_line'))} -> "
                     f"{_where(event.get('file'), event.get('line'), event.get('from_file'))}")
        else:
            moved = _where(event.get("file"), event.get("line"))
        if event.get("eager"):
            moved = "(eager start) " + moved
        tail = "finished" if event.get("done") else f"awaits {event.get('awaiting') or '?'}"
        if event.get("blocking"):
            tail += f"  BLOCKING: the step held the loop {event['blocking']:g} s"
        if event.get("internal"):
            tail += " (asyncio's own task)"
        return f"{head} {moved}  {tail}"
    if kind == "blocked":
        where = _where(event.get("file"), event.get("line"))
        who = f" in task {event['task']}" if event.get("task") else ""
        if event.get("ongoing"):
            return f"        BLOCKED{who} at {where}: the loop is stuck for {event['seconds']:g} s so far"
        if event.get("call"):
            return f"        BLOCKED{who} at {where}: {event['call']}({event['seconds']:g}) held the loop"
        return f"        BLOCKED{who}: one step held the loop for {event['seconds']:g} s"
    if kind == "task_done":
        if event["outcome"] == "exception":
            return f"        task {event['task']} failed: {event.get('detail', '')}"
        if event["outcome"] == "cancelled":
            return f"        task {event['task']} was cancelled"
        return None
    if kind == "deadlock":
        lines = [f"        DEADLOCK at t={seconds(event.get('t', 0))}: no task can ever run again"]
        for task in event["tasks"]:
            where = _where(task.get("file"), task.get("line"))
            lines.append(f"          task {task['task']} awaits {task.get('awaiting') or '?'}"
                         f" at {where}")
            lines.extend(f"            → {edge['task']}: {edge['why']}"
                         for edge in task.get("waits_for") or ())
            if task.get("note"):
                lines.append(f"            ({task['note']})")
        lines.extend(f"          cycle: {cycle['text']}" for cycle in event.get("cycles") or ())
        return "\n".join(lines)
    if kind == "chosen":
        if not event["index"]:
            return None  # the entry that was first anyway
        picked, first = event.get("task") or event["what"], event.get("first_task") or event["first"]
        return f"        {event['by']}: {picked} runs before {first}"
    if kind == "time_limit":
        return f"        TIME LIMIT: virtual time passed t={seconds(event['t'])}"
    if (kind == "exit" and not event.get("loops") and not event.get("foreign_loops")
            and event.get("code") == 0):
        return "loopscope: the program finished without running an event loop"
    if kind == "error":
        return f"loopscope: {event['message']}"
    if kind == "message":
        return str(event["text"])
    return None


#: What ``--summary`` still prints: how the run ended, not its steps.
_SUMMARY_KINDS = frozenset({"deadlock", "time_limit", "message", "error"})


def run(launch: Launch, *, json_mode: bool = False, summary: bool = False,
        out: TextIO | None = None, err: TextIO | None = None,
        timeline_svg: str | None = None, chrome_trace: str | None = None,
        stats: bool = False) -> int:
    """Run ``launch`` to the end, writing the trace; return the program's exit status, or
    ``-N`` if a signal N ended it (as ``Popen.returncode`` says; ``cli`` then ends by N too).

    ``stats`` prints the per-task table at the end, on stderr. It needs every step, so with
    ``summary`` the program is still traced step by step; only the lines are left out."""
    out = out or sys.stdout
    err = err or sys.stderr
    launch.mode = "summary" if summary and not stats else "trace"
    launch.output = "events" if json_mode else "inherit"
    started = time.perf_counter()
    debuggee = Debuggee(launch, capture_output=json_mode)
    debuggee.start()
    code = 0
    died_by: int | None = None
    totals: dict[str, Any] = {}
    timeline = Timeline() if (timeline_svg or chrome_trace) else None
    figures = TaskStats() if stats else None
    counted = _Totals() if summary and stats else None
    #: Said last: the program closed our pipes, and what it wrote after that comes first.
    closing_words: list[str] = []
    try:
        with debuggee.signals_forwarded():
            for event in debuggee.iter_events():
                kind = event["kind"]
                if timeline is not None:
                    timeline.feed(event)
                if figures is not None:
                    figures.feed(event)
                if counted is not None:
                    counted.feed(event)
                if json_mode:
                    if kind == "ended":
                        code = event["code"]
                        out.write(_json({"kind": "exit", "code": code}))
                        break
                    if kind in ("exit", "hello"):
                        continue
                    out.write(_json(event))
                    continue
                if kind == "output":
                    stream = out if event["stream"] == "stdout" else err
                    stream.write(event["text"])
                    stream.flush()
                elif kind == "summary":
                    totals = event
                elif kind == "ended":
                    code = event["code"]
                    # Passed on by us (Ctrl+C, kill -TERM of this process): the tracer dies by
                    # it too, as the program alone would; from elsewhere it is news. SIGINT is
                    # how python ends after an uncaught KeyboardInterrupt (the traceback said).
                    signum = event.get("signum")
                    if (event.get("signal") and signum not in debuggee.forwarded
                            and signum != signal.SIGINT):
                        err.write(f"loopscope: the program was killed by {event['signal']}\n")
                    died_by = event.get("signum")
                elif kind == "error" and event.get("pipes_closed"):
                    closing_words.append(f"loopscope: {event['message']}\n")
                elif not summary or kind in _SUMMARY_KINDS:
                    line = format_event(event)
                    if line is not None:
                        out.flush()
                        err.write(line + "\n")
                        err.flush()
    except KeyboardInterrupt:
        debuggee.kill()
        code = 130
    finally:
        out.flush()
        debuggee.close()
    err.writelines(closing_words)
    if timeline is not None:
        title = os.path.basename(launch.target[0])
        if timeline_svg:
            Path(timeline_svg).write_text(timeline.svg(title), encoding="utf-8")
        if chrome_trace:
            Path(chrome_trace).write_text(timeline.chrome_json(), encoding="utf-8")
    if counted is not None:
        totals = counted.summary()
    if figures is not None:
        err.write(table_text(figures))
    if summary:
        wall = time.perf_counter() - started
        err.write(
            f"loopscope: {totals.get('switches', 0)} switches, {totals.get('callbacks', 0)} "
            f"callbacks, {totals.get('tasks', 0)} tasks, virtual time "
            f"{totals.get('virtual_time', 0):g} s, wall time {wall:.3f} s, exit {code}\n")
    return -died_by if died_by else code


class _Totals:
    """The ``summary`` event's totals, counted from a traced run's events (``--stats``)."""

    def __init__(self) -> None:
        self.switches = self.callbacks = self.tasks = 0
        self.t = 0.0

    def feed(self, event: dict[str, Any]) -> None:
        kind = event["kind"]
        if kind == "switch":
            self.switches += 1
        elif kind == "callback":
            self.callbacks += 1
        elif kind == "task_created":
            self.tasks += 1
        elif kind == "clock_jumped":
            self.t = max(self.t, float(event["to"]))
        if kind in ("switch", "callback", "task_created"):
            self.t = max(self.t, float(event.get("t") or 0.0))

    def summary(self) -> dict[str, Any]:
        return {"switches": self.switches, "callbacks": self.callbacks, "tasks": self.tasks,
                "virtual_time": round(self.t, 6)}


def _json(event: dict[str, Any]) -> str:
    import json

    return json.dumps(event, ensure_ascii=False) + "\n"
