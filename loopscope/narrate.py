"""One sentence for what the last switch did, from two snapshots, in two vocabularies.

A debugger screen shows *state*; a person learning asyncio wants the *story*: who ran, what it
waited for, what that set in motion, and who is next. This module turns the difference between
two pause points into that sentence, with nothing but plain data: the snapshot the debuggee
sent (its ``last`` field summarises the last task step), the previous snapshot, the reason the
debuggee paused and the events that arrived in between (``callback``, ``clock_jumped``,
``task_done``...). It imports nothing from the UI so that the text tracer, a recording's replay
and the tests can all use it, and so that history can store the sentence once, when the snapshot
arrives, and show it again unchanged when the user walks back.

The sentences follow one pattern, ``<what happened>; next: <who runs next>``, e.g.
``Table 2 awaited sleep(5): a timer is set for t=5; next: Table 3``. That is the **technical**
vocabulary. The **waiter** vocabulary tells the same story with the analogy of the waiter
sample (one waiter is the event loop, each table a task, ``await asyncio.sleep`` an order
sheet): ``The waiter leaves table Two with an order sheet; it will be ready at t=10.0. He goes
to table One, which is ready to order.`` Both are built by the same functions from the same
facts; only the phrases differ, so the two can never tell different stories. History stores
both sentences of a pause (they depend on the events since the previous pause, which are not
kept), so switching vocabulary (``w``) redraws the past too.

Where each event kind of the protocol shows up: ``switch`` and ``task_created`` (what the task
did, ``created N tasks``), ``task_done`` (``finished``/``cancelled``/``failed``), ``callback``
(``ran the callback``), ``clock_jumped`` (``the clock moved``), ``blocked`` (``blocked``, and
``(it first blocked the loop ...)`` inside a step), ``deadlock``, ``time_limit`` and the idle
pause (the reason of a pause and ``why_idle``), ``exception``, ``exit`` and ``ended``
(``ended``), ``chosen`` (``You picked Three to run before One``, ``chosen``). The tests pin
each of them in both vocabularies.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from typing import Any

Snapshot = Mapping[str, Any]
Event = Mapping[str, Any]

#: The two vocabularies, the default first.
VOCABULARIES = ("technical", "waiter")
TECHNICAL, WAITER = VOCABULARIES

_SLEEP = re.compile(r"^sleep\((?P<delay>[^)]*)\)(?: until t=(?P<until>\S+))?$")
_GATHER = re.compile(r"^gather\((?P<count>\d+) tasks?")


def fmt_t(value: Any) -> str:
    """A virtual time as people write it: ``3.0``, ``0.25``, ``17.0``."""
    if isinstance(value, int | float):
        text = f"{float(value):.6f}".rstrip("0")
        return text + "0" if text.endswith(".") else text
    return str(value)


def table(name: Any) -> str:
    """A task in the waiter vocabulary: ``Two`` -> ``table Two``, ``Table 1`` -> ``table 1``."""
    text = str(name)
    if text[:6].lower() == "table ":
        return "table " + text[6:]
    return f"table {text}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _task(snapshot: Snapshot, task_id: str | None) -> Mapping[str, Any] | None:
    if task_id is None:
        return None
    tasks = snapshot.get("tasks", ())
    # Tasks are listed in id order (``T1``, ``T2``...): 10,000 are not read one by one.
    serial = _serial(task_id)
    if serial is not None and isinstance(tasks, list):
        at = bisect.bisect_left(tasks, serial, key=_task_serial)
        if at < len(tasks) and tasks[at].get("id") == task_id:
            return tasks[at]
    for task in tasks:  # not in order after all (a hand-made snapshot)
        if task.get("id") == task_id:
            return task
    return None


def _serial(task_id: Any) -> int | None:
    text = str(task_id)
    return int(text[1:]) if text[:1] == "T" and text[1:].isdigit() else None


def _task_serial(task: Mapping[str, Any]) -> int:
    serial = _serial(task.get("id"))
    return serial if serial is not None else -1


def consequence(awaiting: str, vocabulary: str = TECHNICAL) -> str:
    """What awaiting ``awaiting`` means for the task, in a few words."""
    if vocabulary == WAITER:
        return _waiter_consequence(awaiting)
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


def _waiter_consequence(awaiting: str) -> str:
    match = _SLEEP.match(awaiting)
    if match:
        if match.group("delay") == "0":
            return "it wants him back at once"
        until = match.group("until")
        return f"it will be ready at t={fmt_t(float(until))}" if until else "it will be ready"
    gather = _GATHER.match(awaiting)
    if gather:
        count = int(gather.group("count"))
        tables = "the table" if count == 1 else f"the {count} tables"
        return f"it waits until {tables} it gathered {'has' if count == 1 else 'have'} been served"
    if awaiting.startswith("gather("):
        return "it waits until the tables it gathered have been served"
    if awaiting.startswith("task "):
        return f"it waits until {table(awaiting[5:])} has been served"
    if awaiting.endswith(".get()"):
        return "it waits for an item from the queue"
    if awaiting.endswith(".put()"):
        return "it waits for room in the queue"
    if awaiting.endswith(".join()") or ".join() (" in awaiting:
        return "it waits until every item of the queue is done"
    if awaiting.startswith("Event.wait"):
        return "it waits for a signal (an Event)"
    if awaiting.startswith(("Lock.", "Semaphore.", "BoundedSemaphore.")):
        return "it waits its turn for a lock"
    if awaiting.startswith("Condition."):
        return "it waits to be called"
    if awaiting.startswith("socket ") or awaiting.startswith("stream "):
        return "it waits for a delivery (I/O)"
    if awaiting.startswith("thread:"):
        return "it waits for the kitchen (a worker thread)"
    if awaiting.startswith("TaskGroup("):
        return "it waits until the tables of its group have been served"
    if awaiting.startswith("wait_for("):
        return "it waits, but only until its timeout"
    if awaiting == "not started":
        return "it has not ordered yet"
    return f"it waits for {awaiting}"


def next_up(snapshot: Snapshot, vocabulary: str = TECHNICAL) -> str:
    """Who runs next, or why nothing can (waiter: a whole sentence, with its full stop)."""
    ready = snapshot.get("ready") or []
    waiter = vocabulary == WAITER
    if ready:
        first = ready[0]
        timer = str(first.get("why", "")).startswith("timer fired")
        if first.get("kind") == "task":
            own = _task(snapshot, first.get("task_id"))
            if own is not None and own.get("internal"):
                # A task of asyncio's own (the Runner's shutdown_asyncgens...): say what it is.
                job = str(own.get("coro", "?")).rsplit(".", 1)[-1]
                if waiter:
                    return f"He goes to tidy up for asyncio ({job}, {first.get('task')})."
                return f"next: {first.get('task')}, asyncio's own {job}"
            if waiter:
                if timer:
                    return f"He goes back to {table(first.get('task'))}, whose order is ready."
                return f"He goes to {table(first.get('task'))}, which is ready to order."
            woken = ", woken by its timer" if timer else ""
            return f"next: {first.get('task')}{woken}"
        if waiter:
            return f"He first runs an errand: {first.get('what')}."
        return f"next: the callback {first.get('what')}"
    return why_idle(snapshot, vocabulary)


def why_idle(snapshot: Snapshot, vocabulary: str = TECHNICAL) -> str:
    """Why the loop will sleep when its ready queue is empty."""
    if vocabulary == WAITER:
        return _waiter_idle(snapshot)
    timers = snapshot.get("timers") or []
    if timers:
        timer = timers[0]
        return (f"nothing is ready: the loop sleeps until t={fmt_t(timer.get('when'))}, "
                f"when the timer wakes {timer.get('what')}")
    if snapshot.get("io"):
        return "nothing is ready: the loop waits for I/O"
    if snapshot.get("executor_pending"):
        return "nothing is ready: the loop waits for a worker thread"
    if _pending(snapshot):
        return "nothing is ready, and nothing can wake the waiting tasks"
    return "nothing is left to run"


def _waiter_idle(snapshot: Snapshot) -> str:
    timers = snapshot.get("timers") or []
    if timers:
        timer = timers[0]
        what = str(timer.get("what"))
        due = (f"the order sheet of {table(what[5:])} is ready" if what.startswith("task ")
               else f"the alarm for {what} rings")
        return (f"No table is ready: he waits until t={fmt_t(timer.get('when'))}, "
                f"when {due}.")
    if snapshot.get("io"):
        return "No table is ready: he waits for a delivery (I/O)."
    if snapshot.get("executor_pending"):
        return "No table is ready: he waits for the kitchen (a worker thread)."
    if _pending(snapshot):
        return "No table is ready, and nothing can ever call him back to the waiting tables."
    return "Every table has been served: there is nothing left to do."


def _pending(snapshot: Snapshot) -> bool:
    return any(t.get("state") in ("waiting", "ready") for t in snapshot.get("tasks", ()))


def _what_it_did(snapshot: Snapshot, last: Mapping[str, Any], events: list[Event],
                 waiter: bool) -> str:
    name = last.get("task", "?")
    task = _task(snapshot, last.get("task_id"))
    created = last.get("created") or _created_in_last_switch(events, last.get("task_id"))
    if waiter:
        return _waiter_did(name, task, len(created), bool(last.get("done")))
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


def _waiter_did(name: Any, task: Mapping[str, Any] | None, created: int, done: bool) -> str:
    at = table(name)
    seated = ""
    if created:
        seated = f"{at} seats {created} new table{'s' if created != 1 else ''}; "
    if done:
        outcome = task.get("outcome", "") if task is not None else ""
        if task is not None and task.get("internal") and outcome.startswith("returned"):
            job = str(task.get("coro", "?")).rsplit(".", 1)[-1]
            return f"{seated}the waiter has tidied up for asyncio ({job})"
        if outcome == "cancelled":
            return f"{seated}{at} is cancelled: it leaves without being served"
        if outcome and not outcome.startswith("returned"):
            return f"{seated}{at} leaves with a complaint: it failed with {outcome}"
        result = f" ({outcome})" if outcome else ""
        return f"{seated}the waiter serves {at}; it is done{result}"
    leaves = f"{seated}the waiter leaves {'it' if created else at}"
    awaiting = task.get("awaiting", "") if task is not None else ""
    if not awaiting:
        return f"{leaves}, which let him go"
    match = _SLEEP.match(awaiting)
    if match and match.group("delay") != "0":
        return f"{leaves} with an order sheet; {_waiter_consequence(awaiting)}"
    return f"{leaves}: {_waiter_consequence(awaiting)}"


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


def _held(events: list[Event], waiter: bool) -> str:
    """`` (it first blocked the loop ...)`` when the step made a blocking call.

    Only calls the engine names (``time.sleep``: their duration is the argument, the same on
    every run); the watchdog's measured holds vary from run to run and are shown live."""
    for event in reversed(events):
        if event.get("kind") == "blocked" and event.get("call") and not event.get("ongoing"):
            line = f" at line {event['line']}" if event.get("line") else ""
            call = f"{event['call']}({fmt_t(event.get('seconds'))})"
            if waiter:
                return f" (it first kept the waiter standing still in {call}{line})"
            return f" (it first blocked the loop in {call}{line})"
    return ""


def _callbacks(events: Iterable[Event]) -> list[str]:
    return [str(e.get("what")) for e in events if e.get("kind") == "callback"]


def _ran_callbacks(callbacks: list[str], waiter: bool) -> str:
    if not waiter:
        if len(callbacks) == 1:
            return f"the loop ran the callback {callbacks[0]}"
        if callbacks:
            return f"the loop ran {len(callbacks)} callbacks"
        return "no task ran"
    if len(callbacks) == 1:
        if callbacks[0] == "wake sleeper":
            return "a timer rings: an order sheet is due"
        return f"the waiter runs an errand ({callbacks[0]})"
    if callbacks and all(what == "wake sleeper" for what in callbacks):
        return f"{len(callbacks)} timers ring: {len(callbacks)} order sheets are due"
    if callbacks:
        return f"the waiter runs {len(callbacks)} errands"
    return "the waiter visits no table"


def _visits(switches: int, waiter: bool) -> str:
    if waiter:
        return f"the waiter made {switches:,} visits"
    return f"the loop made {switches:,} switches"


def _with_clock(did: str, snapshot: Snapshot, previous: Snapshot | None,
                events: list[Event], waiter: bool) -> str:
    """Say where the clock moved: before the switch, or after it (to the next timer)."""
    if previous is None or snapshot.get("t") == previous.get("t"):
        return did
    now = f"t={fmt_t(snapshot.get('t'))}"
    moved = f"time passes to {now}" if waiter else f"the clock moved to {now}"
    switch_times = [e.get("t") for e in events if e.get("kind") == "switch"]
    if switch_times and switch_times[-1] is not None and switch_times[-1] != snapshot.get("t"):
        return f"{did}; then {moved}"
    return f"{moved}; {did}"


def narrate(snapshot: Snapshot, previous: Snapshot | None = None, reason: str = "step",
            events: Iterable[Event] = (), vocabulary: str = TECHNICAL) -> str:
    """The sentence for the pause at ``snapshot``, reached from ``previous``."""
    events = list(events)
    waiter = vocabulary == WAITER
    if reason == "deadlock":
        return _deadlock(snapshot, waiter)
    if previous is None:
        if waiter:
            return "The waiter is about to start his round. " + next_up(snapshot, WAITER)
        return "Paused before the first switch; " + next_up(snapshot)
    switches = int(snapshot.get("switches", 0)) - int(previous.get("switches", 0))
    last = snapshot.get("last")
    if switches > 0 and (not last or last == previous.get("last")):
        # No last switch reported, or the loop ran freely (continue) and did not report it.
        did = _visits(switches, waiter)
    elif switches <= 0 or not last:
        did = _ran_callbacks(_callbacks(events), waiter)
    else:
        did = _what_it_did(snapshot, last, events, waiter) + _held(events, waiter)
        if switches > 1:
            visits = "visits" if waiter else "switches"
            did = f"after {switches} {visits}, {did}"
    return _with_choice(
        _sentence(_with_clock(did, snapshot, previous, events, waiter), reason, snapshot,
                  vocabulary), events, vocabulary)


def _deadlock(snapshot: Snapshot, waiter: bool) -> str:
    waiting = [t for t in snapshot.get("tasks", ()) if t.get("state") == "waiting"]
    if waiter:
        listed = "; ".join(f"{table(t.get('name'))} waits for {t.get('awaiting') or '?'}"
                           for t in waiting)
        return ("Deadlock: every table waits, and nothing can ever call the waiter back "
                f"({listed}).")
    listed = "; ".join(f"{t.get('name')} waits for {t.get('awaiting') or '?'}" for t in waiting)
    return f"Deadlock: no task can ever run again ({listed})"


def _sentence(did: str, reason: str, snapshot: Snapshot, vocabulary: str) -> str:
    waiter = vocabulary == WAITER
    # A sentence that opens with a task's name keeps it as written: "c0 awaited ...", not "C0".
    name = str((snapshot.get("last") or {}).get("task") or "")
    head = did if name and not waiter and did.startswith(name + " ") else _cap(did)
    if reason.startswith("breakpoint"):
        # "breakpoint at line 40: task One suspended there" -> "Breakpoint at line 40: ..."
        where = reason.split(":", 1)[0]
        head = f"{_cap(where)}: {did}"
    elif reason.startswith("exception in task "):
        # "exception in task fetch-1: ValueError: ..." (--break-exceptions); the status bar
        # and the Tasks pane say which exception, the sentence says why it stopped.
        head = f"{_cap(reason.split(': ', 1)[0])}: {did}"
    elif reason == "pause":
        head = f"Paused: {did}"
    elif reason == "task":
        head = f"Stopped before the chosen {'table' if waiter else 'task'}: {did}"
    elif reason == "time limit":
        head = f"Stopped at the time limit: {did}"
    if waiter:
        return f"{head}. {next_up(snapshot, WAITER)}"
    return f"{head}; {next_up(snapshot)}"


def chosen(event: Mapping[str, Any], vocabulary: str = TECHNICAL) -> str:
    """The sentence for a ``chosen`` event: who was picked to run before whom, and by whom."""
    seed = event.get("seed")
    who = "You" if event.get("by") == "user" else (
        f"The shuffle (seed {seed})" if seed is not None else "The shuffle")
    waiter = vocabulary == WAITER

    def name(task_key: str, what_key: str) -> str:
        task = event.get(task_key)
        if task is None:
            return f"the callback {event.get(what_key)}"
        return table(task) if waiter else str(task)

    picked, first = name("task", "what"), name("first_task", "first")
    if waiter:
        if not event.get("index"):
            return f"{who} sent the waiter to {picked}, his next stop anyway."
        return f"{who} sent the waiter to {picked} before {first}."
    if not event.get("index"):
        return f"{who} picked {picked}, which was next anyway"
    return f"{who} picked {picked} to run before {first}"


def _with_choice(sentence: str, events: list[Event], vocabulary: str) -> str:
    """Say the last choice of the next task since the previous pause: the user's pick comes
    first (it made the step happen), the shuffle's pick last (it decided who is next)."""
    picks = [e for e in events if e.get("kind") == "chosen"]
    if not picks:
        return sentence
    said = chosen(picks[-1], vocabulary)
    if picks[-1].get("by") == "user":
        return f"{said} {sentence}" if said.endswith(".") else f"{said}. {sentence}"
    return f"{sentence} {said}" if sentence.endswith(".") else f"{sentence}. {said}"


def ended(code: int, signal: str | None = None, said_exit: bool = True,
          exception: Mapping[str, Any] | None = None, vocabulary: str = TECHNICAL) -> str:
    """The sentence for a program that is gone."""
    if vocabulary == WAITER:
        again = "Press r to open it again."
        if signal:
            return f"The restaurant was shut down by {signal}. {again}"
        if exception is not None:
            where = f" at line {exception['line']}" if exception.get("line") else ""
            return (f"The restaurant closed after an accident, {exception.get('type')}: "
                    f"{exception.get('message')}{where} (exit {code}). {again}")
        if not said_exit:
            return f"The restaurant closed in the middle of the service (exit {code}). {again}"
        return f"The restaurant has closed (exit {code}). {again}"
    if signal:
        return f"The program was killed by {signal}; press r to restart"
    if exception is not None:
        where = f" at line {exception['line']}" if exception.get("line") else ""
        return (f"The program crashed with {exception.get('type')}: {exception.get('message')}"
                f"{where} (exit {code}); press r to restart")
    if not said_exit:
        return f"The program died without finishing (exit {code}); press r to restart"
    return f"The program has finished (exit {code}); press r to restart"


def blocked(event: Mapping[str, Any], vocabulary: str = TECHNICAL) -> str:
    """The sentence for a ``blocked`` event: who holds the loop, where."""
    line = event.get("line")
    where = f" at line {line}" if line else ""
    if vocabulary == WAITER:
        who = table(event["task"]) if event.get("task") else "an errand"
        if event.get("call"):
            return (f"The waiter was held up: {who} kept him in {event['call']}"
                    f"({fmt_t(event['seconds'])}){where}, and no other table could be served "
                    "meanwhile.")
        if event.get("ongoing"):
            return (f"The waiter is held up: {who} keeps him{where}; he will be free when "
                    "that visit ends.")
        return f"The waiter was held up: {who} kept him for {fmt_t(event['seconds'])} s{where}."
    who = f"task {event['task']}" if event.get("task") else "a callback"
    if event.get("call"):
        return (f"The loop was blocked: {who} called {event['call']}({fmt_t(event['seconds'])})"
                f"{where}; no other task could run meanwhile")
    if event.get("ongoing"):
        return (f"The loop is blocked: {who} holds it{where}; it will pause when that step "
                "gives the loop back")
    return f"The loop was blocked: {who} held it for {fmt_t(event['seconds'])} s{where}"


__all__ = ["narrate", "next_up", "why_idle", "consequence", "ended", "blocked", "chosen", "fmt_t",
           "table", "VOCABULARIES", "TECHNICAL", "WAITER"]
