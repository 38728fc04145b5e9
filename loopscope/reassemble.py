"""Whole snapshots again from the deltas an interactive debuggee sends.

The debuggee sends a whole ``snapshot`` at the first pause (and after a free ``continue``, or
when asked with the ``snapshot`` command) and otherwise a ``delta``: what changed since the
snapshot it sent before (``docs/protocol.md``, "Snapshots and deltas"). Everything above this
module (the UI, its history, a replay, the tests) sees whole snapshots only: ``Reassembler``
turns each ``paused``/``progress`` event that carries a ``delta`` into the same event carrying
the ``snapshot`` it stands for, equal to what ``snapshot.build`` would have sent.

Unchanged task entries are the very objects of the previous snapshot: reassembling costs the
tasks that changed plus one list of references, and the history's sharing
(``loopscope.history.share``) finds unchanged tasks by identity. Snapshots handed out are never
modified afterwards.

Where it runs: in the reader thread of ``session.Debuggee`` (so the UI thread never pays for
it), and when a recording is read (a recording keeps the stream as the debuggee sent it).
Standard library only: the front end imports it before Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Snapshot = dict[str, Any]
Event = dict[str, Any]

_KINDS = ("paused", "progress")


class DeltaError(ValueError):
    """A delta with no snapshot before it, or one that does not fit the snapshot before it."""


class Reassembler:
    """The last snapshot of one event stream, kept to apply the next delta to."""

    def __init__(self, on_whole: Callable[[Snapshot], None] | None = None) -> None:
        #: Called with each whole snapshot taken in (the UI freezes the heap: ``ui/heap.py``).
        self.on_whole = on_whole
        self.snapshot: Snapshot | None = None
        self._tasks: dict[str, dict[str, Any]] = {}
        #: The timers without their ``left`` (a delta's timer operations index this list).
        self._timers: list[dict[str, Any]] = []

    def event(self, event: Event) -> Event:
        """``event`` itself, or, for a delta, a copy with the whole ``snapshot`` in its place."""
        if event.get("kind") not in _KINDS:
            return event
        whole = event.get("snapshot")
        if isinstance(whole, dict):
            self._take(whole)
            if self.on_whole is not None:
                self.on_whole(whole)
            return event
        delta = event.get("delta")
        if not isinstance(delta, dict):
            return event
        out = {k: v for k, v in event.items() if k != "delta"}
        out["snapshot"] = self.apply(delta)
        return out

    def _take(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        tasks = snapshot.get("tasks")
        self._tasks = {t["id"]: t for t in tasks} if isinstance(tasks, list) else {}
        timers = snapshot.get("timers")
        self._timers = [_core(t) for t in timers] if isinstance(timers, list) else []

    def apply(self, delta: Snapshot) -> Snapshot:
        """The snapshot ``delta`` stands for; it becomes the base of the next one."""
        previous = self.snapshot
        if previous is None:
            raise DeltaError("a snapshot delta came before any whole snapshot")
        snapshot = dict(previous)
        for key, value in (delta.get("set") or {}).items():
            snapshot[key] = value
        for key in delta.get("unset") or ():
            snapshot.pop(key, None)
        changed = delta.get("tasks") or []
        gone = delta.get("gone") or []
        if changed or gone:
            tasks = self._tasks
            last = _serial(next(reversed(tasks))) if tasks else 0
            resort = False
            for tid in gone:
                tasks.pop(tid, None)
            for entry in changed:
                tid = entry["id"]
                if tid not in tasks and _serial(tid) < last:
                    resort = True
                tasks[tid] = entry
                last = max(last, _serial(tid))
            if resort:
                self._tasks = tasks = {tid: tasks[tid] for tid in sorted(tasks, key=_serial)}
            snapshot["tasks"] = list(tasks.values())
        edits = delta.get("splice") or {}
        for key, ops in edits.items():
            if key == "timers":
                continue
            before = previous.get(key)
            if not isinstance(before, list):
                raise DeltaError(f"a splice of {key!r}, which is not a list")
            snapshot[key] = splice(list(before), ops)
        timer_ops = _checked(edits.get("timers") or [])
        t = snapshot.get("t")
        shown = previous.get("timers")
        if timer_ops:
            cores = [(at, count, [_core(item) for item in items])
                     for at, count, items in timer_ops]
            before = len(self._timers)
            self._timers = splice(self._timers, cores)
            if t == previous.get("t") and isinstance(shown, list) and len(shown) == before:
                # The clock stood still: every other timer's entry, ``left`` included, is
                # unchanged and stays the same object.
                snapshot["timers"] = splice(list(shown), [
                    (at, count, [_with_left(core, t) for core in items])
                    for at, count, items in cores])
            else:
                snapshot["timers"] = [_with_left(core, t) for core in self._timers]
        elif t != previous.get("t"):
            snapshot["timers"] = [_with_left(core, t) for core in self._timers]
        self.snapshot = snapshot
        return snapshot


def _checked(ops: Any) -> list[tuple[int, int, list[Any]]]:
    try:
        out = [(int(at), int(count), list(items)) for at, count, items in ops]
    except (TypeError, ValueError) as exc:
        raise DeltaError(f"a splice operation is not [at, delete, items]: {ops!r:.80}") from exc
    return out


def splice(items: list[Any], ops: Any) -> list[Any]:
    """``items`` edited in place by each ``[at, delete, new items]`` in turn."""
    for at, count, new in _checked(ops):
        if at < 0 or count < 0 or at + count > len(items):
            raise DeltaError(f"a splice operation does not fit: {[at, count]!r}")
        items[at:at + count] = new
    return items


def _serial(task_id: str) -> int:
    try:
        return int(task_id[1:])
    except ValueError:
        return 0


def _core(timer: dict[str, Any]) -> dict[str, Any]:
    return {"when": timer["when"], "what": timer["what"], "task_id": timer.get("task_id")}


def _with_left(core: dict[str, Any], t: Any) -> dict[str, Any]:
    # The same arithmetic as the engine's ``snapshot.with_left``.
    left = round(max(0.0, core["when"] - t), 6) if isinstance(t, (int, float)) else None
    return {"when": core["when"], "left": left, "what": core["what"],
            "task_id": core["task_id"]}


__all__ = ["Reassembler", "DeltaError", "splice"]
