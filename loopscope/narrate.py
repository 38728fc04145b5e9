"""One sentence for what the last switch did, from two snapshots.

A debugger screen shows *state*; a person learning asyncio wants the *story*: who ran, what it
waited for, what that set in motion, and who is next. This module turns the difference between
two pause points into that sentence, with nothing but plain data: the snapshot the debuggee
sent (its ``last`` field summarises the last task step), the previous snapshot, the reason the
debuggee paused and the events that arrived in between (``callback``, ``clock_jumped``,
``task_done``...). It imports nothing from the UI so that the text tracer, a recording's replay
and the tests can all use it, and so that history can store the sentence once, when the snapshot
arrives, and show it again unchanged when the user walks back.

The sentences follow one pattern, ``<what happened>; next: <who runs next>``, e.g.
``Table 2 awaited sleep(5): a timer is set for t=5; next: Table 3``. Only the technical
vocabulary lives here; the waiter analogy of issue 4 will be a second table of phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

Snapshot = Mapping[str, Any]
Event = Mapping[str, Any]

_SLEEP = re.compile(r"^sleep\((?P<delay>[^)]*)\)(?: until t=(?P<until>\S+))?$")


def fmt_t(value: Any) -> str:
    """A virtual time as people write it: ``3.0``, ``0.25``, ``17.0``."""
    if isinstance(value, int | float):
        text = f"{float(value):.6f}".rstrip("0")
        return text + "0" if text.endswith(".") else text
    return str(value)


def _task(snapshot: Snapshot, task_id: str | None) -> Mapping[str, Any] | None:
    if task_id is None:
        return None
    for task in snapshot.get("tasks", ()):
        if task.get("id") == task_id:
            return task
    return None


def consequence(awaiting: str) -> str:
    """What awaiting ``awaiting`` means for the task, in a few words."""
    match = _SLEEP.match(awaiting)
    if match:
        if match.group("delay") == "0":
            return "it is ready again at once"
        until = match.group("until")
        return f"a timer is set for t={fmt_t(float(until))}" if until else "a timer is set"
    if awaiting.startswith("gather("):
        return "it waits for them all to finish"
    if awaiting.startswith("task "):
        return f"it waits for {awaiting} to finish"
    if awaiting.endswith(".get()"):
        return "it waits for an item"
    if awaiting.endswith(".put()"):
        return "it waits for room in the queue"
    if awaiting.endswith(".join()") or ".join() (" in awaiting:
        return "it waits until every item is done"
    if awaiting.startswith("Event.wait"):
        return "it waits until the event is set"
    if awaiting.startswith(("Lock.", "Semaphore.", "BoundedSemaphore.")):
        return "it waits for the lock"
    if awaiting.startswith("Condition."):
        return "it waits to be notified"
    if awaiting.startswith("socket ") or awaiting.startswith("stream "):
        return "it waits for I/O"
    if awaiting.startswith("thread:"):
        return "it waits for a worker thread"
    if awaiting.startswith("TaskGroup("):
        return "it waits for the group's tasks"
    if awaiting.startswith("wait_for("):
        return "it waits, with a timeout"
    if awaiting == "not started":
        return "it has not started yet"
    return "it waits"


def next_up(snapshot: Snapshot) -> str:
    """Who runs next, or why nothing can."""
    ready = snapshot.get("ready") or []
    if ready:
        first = ready[0]
        if first.get("kind") == "task":
            woken = ", woken by its timer" if str(first.get("why", "")).startswith(
                "timer fired") else ""
            return f"next: {first.get('task')}{woken}"
        return f"next: the callback {first.get('what')}"
    return why_idle(snapshot)


def why_idle(snapshot: Snapshot) -> str:
    """Why the loop will sleep when its ready queue is empty."""
    timers = snapshot.get("timers") or []
    if timers:
        timer = timers[0]
        return (f"nothing is ready: the loop sleeps until t={fmt_t(timer.get('when'))}, "
                f"when the timer wakes {timer.get('what')}")
    if snapshot.get("io"):
        return "nothing is ready: the loop waits for I/O"
    if snapshot.get("executor_pending"):
        return "nothing is ready: the loop waits for a worker thread"
    pending = [t for t in snapshot.get("tasks", ()) if t.get("state") in ("waiting", "ready")]
    if pending:
        return "nothing is ready, and nothing can wake the waiting tasks"
    return "nothing is left to run"


def _what_it_did(snapshot: Snapshot, last: Mapping[str, Any], events: list[Event]) -> str:
    name = last.get("task", "?")
    task = _task(snapshot, last.get("task_id"))
    created = last.get("created") or _created_in_last_switch(events, last.get("task_id"))
    made = ""
    if created:
        made = f"created {len(created)} task{'s' if len(created) != 1 else ''} and "
    if last.get("done"):
        outcome = task.get("outcome", "") if task is not None else ""
        if outcome.startswith("returned"):
            return f"{name} {made}finished ({outcome})"
        if outcome == "cancelled":
            return f"{name} {made}was cancelled"
        if outcome:
            return f"{name} {made}failed with {outcome}"
        return f"{name} {made}finished"
    awaiting = task.get("awaiting", "") if task is not None else ""
    if not awaiting:
        return f"{name} {made}gave the loop back"
    match = _SLEEP.match(awaiting)
    shown = f"sleep({match.group('delay')})" if match else awaiting
    return f"{name} {made}awaited {shown}: {consequence(awaiting)}"


def _created_in_last_switch(events: list[Event], task_id: Any) -> list[Event]:
    """The ``task_created`` events of the task's last step (they come just before its
    ``switch`` event; one with a ``parent_id`` must name the task)."""
    created: list[Event] = []
    mine: list[Event] = []
    for event in events:
        kind = event.get("kind")
        if kind == "task_created" and event.get("parent_id", task_id) == task_id:
            created.append(event)
        elif kind == "switch":
            mine = created if event.get("task_id") == task_id else []
            created = []
        elif kind == "callback":
            created = []
    return mine


def _held(events: list[Event]) -> str:
    """`` (it first blocked the loop ...)`` when the step made a blocking call.

    Only calls the engine names (``time.sleep``: their duration is the argument, the same on
    every run); the watchdog's measured holds vary from run to run and are shown live."""
    for event in reversed(events):
        if event.get("kind") == "blocked" and event.get("call") and not event.get("ongoing"):
            line = f" at line {event['line']}" if event.get("line") else ""
            seconds = fmt_t(event.get("seconds"))
            return f" (it first blocked the loop in {event['call']}({seconds}){line})"
    return ""


def _callbacks(events: Iterable[Event]) -> list[str]:
    return [str(e.get("what")) for e in events if e.get("kind") == "callback"]


def _with_clock(did: str, snapshot: Snapshot, previous: Snapshot | None,
                events: list[Event]) -> str:
    """Say where the clock moved: before the switch, or after it (to the next timer)."""
    if previous is None or snapshot.get("t") == previous.get("t"):
        return did
    now = f"t={fmt_t(snapshot.get('t'))}"
    switch_times = [e.get("t") for e in events if e.get("kind") == "switch"]
    if switch_times and switch_times[-1] is not None and switch_times[-1] != snapshot.get("t"):
        return f"{did}; then the clock moved to {now}"
    return f"the clock moved to {now}; {did}"


def narrate(snapshot: Snapshot, previous: Snapshot | None = None, reason: str = "step",
            events: Iterable[Event] = ()) -> str:
    """The sentence for the pause at ``snapshot``, reached from ``previous``."""
    events = list(events)
    if reason == "deadlock":
        waiting = [f"{t.get('name')} waits for {t.get('awaiting') or '?'}"
                   for t in snapshot.get("tasks", ()) if t.get("state") == "waiting"]
        return "Deadlock: no task can ever run again (" + "; ".join(waiting) + ")"
    if previous is None:
        return "Paused before the first switch; " + next_up(snapshot)
    switches = int(snapshot.get("switches", 0)) - int(previous.get("switches", 0))
    last = snapshot.get("last")
    if switches > 0 and not last:
        did = f"the loop made {switches:,} switches"
        return _sentence(_with_clock(did, snapshot, previous, events), reason, snapshot)
    if switches <= 0 or not last:
        callbacks = _callbacks(events)
        if len(callbacks) == 1:
            did = f"the loop ran the callback {callbacks[0]}"
        elif callbacks:
            did = f"the loop ran {len(callbacks)} callbacks"
        else:
            did = "no task ran"
        return _sentence(_with_clock(did, snapshot, previous, events), reason, snapshot)
    if previous is not None and last == previous.get("last"):
        # The loop ran freely (continue) and did not report its last switch.
        did = f"the loop made {switches:,} switches"
        return _sentence(_with_clock(did, snapshot, previous, events), reason, snapshot)
    did = _what_it_did(snapshot, last, events) + _held(events)
    if switches > 1:
        did = f"after {switches} switches, {did}"
    return _sentence(_with_clock(did, snapshot, previous, events), reason, snapshot)


def _sentence(did: str, reason: str, snapshot: Snapshot) -> str:
    head = did[:1].upper() + did[1:]
    if reason.startswith("breakpoint"):
        # "breakpoint at line 40: task One suspended there" -> "Breakpoint at line 40: ..."
        where = reason.split(":", 1)[0]
        head = f"{where[:1].upper()}{where[1:]}: {did}"
    elif reason == "pause":
        head = f"Paused: {did}"
    elif reason == "task":
        head = f"Stopped before the chosen task: {did}"
    elif reason == "time limit":
        head = f"Stopped at the time limit: {did}"
    return f"{head}; {next_up(snapshot)}"


def ended(code: int, signal: str | None = None, said_exit: bool = True,
          exception: Mapping[str, Any] | None = None) -> str:
    """The sentence for a program that is gone."""
    if signal:
        return f"The program was killed by {signal}; press r to restart"
    if exception is not None:
        where = f" at line {exception['line']}" if exception.get("line") else ""
        return (f"The program crashed with {exception.get('type')}: {exception.get('message')}"
                f"{where} (exit {code}); press r to restart")
    if not said_exit:
        return f"The program died without finishing (exit {code}); press r to restart"
    return f"The program has finished (exit {code}); press r to restart"


def blocked(event: Mapping[str, Any]) -> str:
    """The sentence for a ``blocked`` event: who holds the loop, where."""
    who = f"task {event['task']}" if event.get("task") else "a callback"
    line = event.get("line")
    where = f" at line {line}" if line else ""
    if event.get("call"):
        return (f"The loop was blocked: {who} called {event['call']}({fmt_t(event['seconds'])})"
                f"{where}; no other task could run meanwhile")
    if event.get("ongoing"):
        return (f"The loop is blocked: {who} holds it{where}; it will pause when that step "
                "gives the loop back")
    return f"The loop was blocked: {who} held it for {fmt_t(event['seconds'])} s{where}"


__all__ = ["narrate", "next_up", "why_idle", "consequence", "ended", "blocked", "fmt_t"]
