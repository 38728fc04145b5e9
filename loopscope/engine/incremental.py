"""``Snapshots``: the snapshot at each pause, describing again only what may have changed, and
the delta from the one sent before.

``snapshot.build`` describes every task: it walks each await chain, reads each frame's line and
phrases what each task waits for, about 30 us a task, so 0.3 s a pause with 10,000 tasks, and
the result is megabytes of JSON of which one task changed. The front end keeps the last
snapshot it was sent anyway, so the debuggee sends what changed (``delta``) and keeps, per task,
the entry it sent last.

Which entries can change between two pauses, and why only those are described again:

* a task's frames, line, state (done, failed, cancelled) and what it awaits change only when
  the task runs: the stepper ``touch``\\ es every task whose step it saw run;
* ``state`` also says ready or waiting, and ``next`` whether it runs next: both follow from the
  ready queue, which is read whole at each pause (it is short), and every task that entered or
  left it, or became or stopped being next, is described again;
* a few phrases describe other objects (``gather(2 tasks, 1 done)``, ``TaskGroup(3 tasks)``,
  ``Queue.join() (2 unfinished)``, a future's timer): ``Describer.volatile`` marks them, and
  those tasks are described again at every pause;
* new tasks are those with a serial id above the last one seen; a finished task leaves the
  list when it is collected and its record is not kept (``TaskRegistry.done_records``), which a
  weak reference's callback and the registry's ``evicted`` list say;
* when the loop ran steps the stepper did not see (a free ``continue``), or the loop changed,
  everything is described again (``stale``).

Timers are kept sorted as the loop will fire them (deadline, then schedule order) and updated
from the ones the loop scheduled and cancelled since the last pause (the stepper wraps
``call_at`` and ``_timer_handle_cancelled`` on the loop instance for that) and the ones it
popped (always the earliest). Their ``left`` is not part of the delta: it follows from ``when``
and ``t``. On the real clock, where deadlines carry no schedule order, timers are rebuilt whole.

Every other section (the ready queue, ``last``, I/O, counters, and any section added later) is
compared with the one sent before and sent again when it differs: the delta is generic over
sections, and only ``tasks`` and ``timers`` have a finer form. ``docs/protocol.md`` gives the
format; ``loopscope.reassemble`` applies it.
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from ..protocol import list_ops
from . import snapshot
from .edgecache import EdgeCache
from .snapshot import Describer, TaskRegistry

Snapshot = dict[str, Any]

#: Sections with a form of their own in a delta; every other one is sent whole when it changed.
_SPECIAL = ("tasks", "timers")


#: Past this many unread evictions (a long run between pauses) the next snapshot is whole.
_EVICTED_LIMIT = 4 * snapshot.MAX_DONE_RECORDS - 1


def _timer_key(handle: Any) -> tuple[float, int]:
    return (handle._when, getattr(handle, "_seq", 0))


class Snapshots:
    """The entries sent last, per task and per timer, for one stepper."""

    def __init__(self, registry: TaskRegistry) -> None:
        self.registry = registry
        #: Describe everything at the next pause (unseen steps ran, or nothing was sent yet).
        self.stale = True
        self._loop: Any = None
        #: The entry sent last for each listed task, in serial order.
        self._entries: dict[str, dict[str, Any]] = {}
        self._refs: dict[str, weakref.ref[Any]] = {}
        self._collected: collections.deque[str] = collections.deque()
        self._touched: set[str] = set()
        self._volatile: set[str] = set()
        self._ready_ids: set[str] = set()
        self._next_id: str | None = None
        self._seen = 0
        #: ``id(waiter)`` -> task id, and back, for the timers that wake a task.
        self._waiter_of: dict[int, str] = {}
        self._waits: dict[str, int] = {}
        #: Waiters a task started or stopped waiting on since the timers were described.
        self._moved_waiters: set[int] = set()
        #: Timers in firing order: keys, handles and entries (without ``left``) side by side.
        self._timer_keys: list[tuple[float, int]] = []
        self._timer_handles: list[Any] = []
        self._timer_entries: list[dict[str, Any]] = []
        #: ``id(first argument)`` -> the timers with it (a sleep's future, say).
        self._timers_by_arg: dict[int, list[Any]] = {}
        self._scheduled: list[Any] = []
        self._cancelled: list[Any] = []
        self._incremental_timers = False
        #: Whether the timer wrappers record what they see (not while continuing freely:
        #: the next snapshot is whole then, and the lists would grow without bound).
        self._following = False
        self._ready_cache: dict[int, tuple[Any, dict[str, Any]]] = {}
        #: The ready queue's entries of this pause: the ids of its tasks are read from them.
        self._ready_sent: list[dict[str, Any]] = []
        #: The sections sent last (everything but tasks and timers).
        self._sent: Snapshot | None = None
        #: The await edges sent last (``edgecache``), followed by the same ``touch``\ es.
        self.edges = EdgeCache(registry)

    def release(self) -> None:
        """The loop closed: let go of every handle, task and loop kept from the last pause (the
        program's objects must be freed when the program drops them). The next snapshot, of
        another loop if one comes, is described whole."""
        self.__init__(self.registry)  # type: ignore[misc]

    # -- what the stepper tells ---------------------------------------------------------

    def touch(self, task_id: str) -> None:
        """A step of this task ran since the last pause."""
        if not self.stale:
            self._touched.add(task_id)
            self.edges.ran(task_id)

    def callback_ran(self, handle: Any) -> None:
        """A handle that is not a task step ran since the last pause."""
        if not self.stale:
            self.edges.callback_ran(handle)

    def invalidate(self) -> None:
        """Steps will run unseen (a ``continue``): the next snapshot is described whole."""
        self.stale = True
        self._following = False
        self._touched.clear()
        self.edges.invalidate()
        self._scheduled.clear()
        self._cancelled.clear()

    def watch_timers(self, loop: Any) -> None:
        """Follow the timers ``loop`` schedules and cancels (virtual clock: ordered by
        deadline and schedule order, so a sorted list can follow the heap exactly)."""
        call_at = loop.call_at
        cancelled = loop._timer_handle_cancelled
        scheduled, gone = self._scheduled, self._cancelled

        def watched_call_at(when: float, callback: Any, *args: Any, context: Any = None) -> Any:
            timer = call_at(when, callback, *args, context=context)
            if timer._source_traceback:  # debug mode only: drop this frame as call_at does
                del timer._source_traceback[-1]
            if self._following:
                scheduled.append(timer)
            return timer

        def watched_cancelled(handle: Any) -> None:
            if self._following:
                gone.append(handle)
            cancelled(handle)

        loop.call_at = watched_call_at
        loop._timer_handle_cancelled = watched_cancelled
        self._incremental_timers = True

    def known_tasks(self) -> Iterator[Any]:
        """The tasks described and not collected: every pending task of the loop once ``take``
        has run (a superset: done ones and, after a change of loop, others too). Cheaper than
        ``asyncio.all_tasks``, which copies a weak set and asks every task its loop."""
        return filter(None, map(_deref, self._refs.values()))  # in C: 10,000 in 0.2 ms

    # -- building -------------------------------------------------------------------------

    def take(self, loop: Any, *, origin: float, next_handle: Any, why: dict[int, Any],
             sections: dict[str, Any], full: bool = False,
             add_sections: Callable[[Snapshot], None] | None = None) -> tuple[str, Snapshot]:
        """The snapshot now, as ``("snapshot", full)`` or ``("delta", changes)``.

        ``sections``: the small sections the stepper knows (step, switches, clock, last);
        ``add_sections``: adds the sections other modules build (I/O, await graph...), which
        are compared with the ones sent before like any other."""
        describe = Describer(self.registry, loop, origin)
        if loop is not self._loop or len(self.registry.evicted) >= _EVICTED_LIMIT:
            self._loop, self.stale = loop, True
        ready, ready_tasks = snapshot.ready_entries(loop, self.registry, describe, next_handle,
                                                    why, self._ready_cache)
        self._ready_sent = ready
        upcoming = snapshot.next_task(next_handle)
        t = round(loop.time() - origin, 6)
        rest: Snapshot = {"step": sections["step"], "switches": sections["switches"], "t": t,
                          "clock": sections["clock"]}
        full = full or self.stale or self._sent is None
        if full:
            self.edges.invalidate()
            self._describe_all(loop, describe, ready_tasks, upcoming)
            self._timers_all(loop, describe)
            changed: list[dict[str, Any]] = []
            gone: list[str] = []
            ops: list[list[Any]] = []
        else:
            changed, gone = self._describe_changed(loop, describe, ready_tasks, upcoming)
            ops = self._timers_changed(loop, describe)
        rest.update(ready=ready, io=snapshot.io_entries(loop, describe),
                    executor_pending=getattr(loop, "_executor_pending", 0),
                    last=sections["last"])
        for key, value in sections.items():
            rest.setdefault(key, value)
        if add_sections is not None:
            add_sections(rest)
        self._touched.clear()
        previous, self._sent = self._sent, rest
        self._following = True
        if full or previous is None:
            self.stale = False
            return "snapshot", self._full(rest, list(self._entries.values()),
                                          self._timer_entries, t)
        delta: Snapshot = {}
        edits: dict[str, list[list[Any]]] = {}
        changed_sections: dict[str, Any] = {}
        for key, value in rest.items():
            before = previous.get(key, _MISSING)
            if before is value or before == value:
                continue
            if isinstance(value, list) and isinstance(before, list):
                section_ops = list_ops(before, value)
                if section_ops is not None:
                    edits[key] = section_ops
                    continue
            changed_sections[key] = value
        delta["set"] = changed_sections
        unset = [k for k in previous if k not in rest]
        if unset:
            delta["unset"] = unset
        if changed:
            delta["tasks"] = changed
        if gone:
            delta["gone"] = gone
        if ops:
            edits["timers"] = ops
        if edits:
            delta["splice"] = edits
        return "delta", delta

    @staticmethod
    def _full(rest: Snapshot, tasks: list[dict[str, Any]], timers: list[dict[str, Any]],
              t: float) -> Snapshot:
        full = {"step": rest["step"], "switches": rest["switches"], "t": t,
                "clock": rest["clock"], "tasks": tasks,
                "timers": [snapshot.with_left(core, t) for core in timers]}
        full.update((k, v) for k, v in rest.items() if k not in full)
        # The key order of ``snapshot.build``: tasks, ready, timers, io, ...
        order = ["step", "switches", "t", "clock", "tasks", "ready", "timers", "io",
                 "executor_pending", "last"]
        out = {k: full[k] for k in order if k in full}
        out.update((k, v) for k, v in full.items() if k not in out)
        return out

    # -- tasks ----------------------------------------------------------------------------

    def _describe_all(self, loop: Any, describe: Describer, ready_tasks: dict[int, Any],
                      upcoming: Any) -> None:
        registry = self.registry
        live = set(asyncio.all_tasks(loop)) if not loop.is_closed() else set()
        for task in live:
            registry.id_of(task)
        self._entries.clear()
        self._volatile.clear()
        self._waiter_of.clear()
        self._waits.clear()
        entries: dict[str, dict[str, Any]] = {}
        for task in registry.tasks():
            if task in live or task.done():
                tid = registry.id_of(task)
                entries[tid] = self._describe(task, tid, describe, ready_tasks, upcoming)
        for tid, record in registry.done_records.items():
            entries.setdefault(tid, record)
        for tid in sorted(entries, key=_serial):
            self._entries[tid] = entries[tid]
        registry.evicted.clear()
        self._seen = registry.count
        self._ready_ids = _task_ids(self._ready_sent)
        self._next_id = registry.id_of(upcoming) if upcoming is not None else None

    def _describe(self, task: Any, tid: str, describe: Describer, ready_tasks: dict[int, Any],
                  upcoming: Any) -> dict[str, Any]:
        entry = snapshot.task_entry(task, self.registry, describe, ready_tasks, upcoming)
        if describe.volatile:
            self._volatile.add(tid)
        else:
            self._volatile.discard(tid)
        old = self._waits.pop(tid, None)
        if old is not None and self._waiter_of.get(old) == tid:
            del self._waiter_of[old]
        waiter = getattr(task, "_fut_waiter", None)
        if waiter is not None:
            self._waits[tid] = id(waiter)
            self._waiter_of[id(waiter)] = tid
        now = id(waiter) if waiter is not None else None
        if old != now:
            self._moved_waiters.update(w for w in (old, now) if w is not None)
        if tid not in self._refs:
            self._refs[tid] = weakref.ref(task, _Collected(self._collected, tid))
        return entry

    def _describe_changed(self, loop: Any, describe: Describer, ready_tasks: dict[int, Any],
                          upcoming: Any) -> tuple[list[dict[str, Any]], list[str]]:
        registry = self.registry
        dirty = self._touched | self._volatile
        for serial in range(self._seen + 1, registry.count + 1):
            dirty.add(f"T{serial}")
        self._seen = registry.count
        ready_ids = _task_ids(self._ready_sent)
        dirty |= ready_ids ^ self._ready_ids
        self._ready_ids = ready_ids
        next_id = registry.id_of(upcoming) if upcoming is not None else None
        if next_id != self._next_id:
            dirty.update(i for i in (next_id, self._next_id) if i is not None)
            self._next_id = next_id
        while self._collected:
            collected = self._collected.popleft()
            dirty.add(collected)
            self.edges.ran(collected)
        dirty.update(registry.evicted)
        registry.evicted.clear()

        changed: list[dict[str, Any]] = []
        gone: list[str] = []
        added = False
        entries = self._entries
        for tid in sorted(dirty, key=_serial):
            task = registry.get(tid)
            entry: dict[str, Any] | None
            if task is not None and snapshot.listed(task, loop):
                entry = self._describe(task, tid, describe, ready_tasks, upcoming)
            else:
                entry = registry.done_records.get(tid)
            old = entries.get(tid)
            if entry is None:
                if old is not None:
                    del entries[tid]
                    gone.append(tid)
                    self._refs.pop(tid, None)
                continue
            if old is not None and (old is entry or old == entry):
                continue
            if old is None:
                added = True
            entries[tid] = entry
            changed.append(entry)
        if added:
            # New ids normally come last already; a task first seen late may not.
            ordered = sorted(entries, key=_serial)
            if ordered != list(entries):
                self._entries = {tid: entries[tid] for tid in ordered}
        return changed, gone

    # -- timers ---------------------------------------------------------------------------

    def _sleeper(self, handle: Any) -> Any:
        args = handle._args
        if not args:
            return None
        tid = self._waiter_of.get(id(args[0]))
        return self.registry.get(tid) if tid is not None else None

    def _timers_all(self, loop: Any, describe: Describer) -> None:
        self._scheduled.clear()
        self._cancelled.clear()
        self._moved_waiters.clear()
        handles = sorted(h for h in loop._scheduled if not h._cancelled)
        self._timer_handles = handles
        self._timer_keys = [_timer_key(h) for h in handles]
        self._timer_entries = [snapshot.timer_entry(h, describe, self._sleeper(h))
                               for h in handles]
        by_arg: dict[int, list[Any]] = {}
        for handle in handles:
            if handle._args:
                by_arg.setdefault(id(handle._args[0]), []).append(handle)
        self._timers_by_arg = by_arg

    def _timers_changed(self, loop: Any, describe: Describer) -> list[list[Any]]:
        """Bring the sorted timers up to date; the edits made, as delta operations."""
        if not self._incremental_timers:
            before = self._timer_entries
            self._timers_all(loop, describe)
            return [] if self._timer_entries == before else [[0, len(before),
                                                                  self._timer_entries]]
        keys, handles, entries = self._timer_keys, self._timer_handles, self._timer_entries
        ops: list[list[Any]] = []
        gone = [h for h in self._cancelled if h._cancelled]
        self._cancelled.clear()
        # Popped by the loop: always the earliest ones.
        count = 0
        while count < len(handles) and not handles[count]._scheduled:
            count += 1
        if count:
            ops.append([0, count, []])
            for handle in handles[:count]:
                self._forget_arg(handle)
            del keys[:count], handles[:count], entries[:count]
        for handle in gone:
            at = self._find(handle)
            if at is not None:
                ops.append([at, 1, []])
                self._forget_arg(handle)
                del keys[at], handles[at], entries[at]
        for handle in self._scheduled:
            if not handle._scheduled or handle._cancelled:
                continue  # fired or cancelled before this pause
            key = _timer_key(handle)
            at = bisect.bisect_right(keys, key)
            entry = snapshot.timer_entry(handle, describe, self._sleeper(handle))
            keys.insert(at, key)
            handles.insert(at, handle)
            entries.insert(at, entry)
            if handle._args:
                self._timers_by_arg.setdefault(id(handle._args[0]), []).append(handle)
            ops.append([at, 0, [entry]])
        self._scheduled.clear()
        # A task started or stopped waiting on a timer's future: it wakes someone else now.
        for waiter in self._moved_waiters:
            for handle in self._timers_by_arg.get(waiter, ()):
                found = self._find(handle)
                if found is None:
                    continue
                entry = snapshot.timer_entry(handle, describe, self._sleeper(handle))
                if entry != entries[found]:
                    entries[found] = entry
                    ops.append([found, 1, [entry]])
        self._moved_waiters.clear()
        return ops

    def _forget_arg(self, handle: Any) -> None:
        if not handle._args:
            return
        key = id(handle._args[0])
        same = self._timers_by_arg.get(key)
        if same is not None:
            same[:] = [h for h in same if h is not handle]
            if not same:
                del self._timers_by_arg[key]

    def _find(self, handle: Any) -> int | None:
        keys, handles = self._timer_keys, self._timer_handles
        at = bisect.bisect_left(keys, _timer_key(handle))
        while at < len(keys) and keys[at] == _timer_key(handle):
            if handles[at] is handle:
                return at
            at += 1
        return None


def _serial(task_id: str) -> int:
    return int(task_id[1:])


def _task_ids(ready: list[dict[str, Any]]) -> set[str]:
    """The ids of the tasks whose steps are in the ready queue (the entries carry them: no
    look-up of 1,430 tasks in the registry when a timer woke that many)."""
    return {entry["task_id"] for entry in ready if "task_id" in entry}


_MISSING = object()
_deref = weakref.ref.__call__


class _Collected:
    """A weak reference's callback: the task with this id was collected."""

    __slots__ = ("sink", "task_id")

    def __init__(self, sink: collections.deque[str], task_id: str) -> None:
        self.sink, self.task_id = sink, task_id

    def __call__(self, _ref: Any) -> None:
        self.sink.append(self.task_id)


__all__ = ["Snapshots", "list_ops"]
