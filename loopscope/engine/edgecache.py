"""``EdgeCache``: the await edges kept from one pause to the next, found again only around the
tasks that ran.

``awaitgraph.await_edges`` looks at every task: which ones have done-callbacks, where each
leads, the label of each edge. With 10,000 tasks that is 1 ms a pause for the look alone, and
60 ms when one task awaits a ``gather`` of all of them (10,000 edges labelled, sorted and
compared with the ones sent before), though a step moves one task. So the edges are kept, and
at each pause only those that may have changed are found again.

Which edges can change, and why following the tasks that ran is enough: an edge ``A awaits T``
comes from a done-callback of ``T`` that asyncio installed (``awaitgraph._targets`` counts no
other), and each is installed at a known moment:

* the wake-up of ``A`` (``await T``): by ``A``'s own step, which then waits on ``T`` itself;
* the closure of a ``gather`` or a ``shield``: by whoever called it, but the edge exists only
  while a task ``A`` waits on its outer future, and ``A`` started waiting in a step of its own;
  from that future the tasks are found again (``awaitgraph.sources``: the gather's children,
  the shielded future);
* ``wait`` and ``wait_for`` (3.11): by ``A``'s step, which then waits on a future that does not
  lead back to the tasks: a task that ran with one of those frames in its await chain makes
  the next look a whole one;
* a ``TaskGroup``'s callback: when ``T`` is created, and a new task is always looked at; but
  the edge exists only while the parent ``A`` waits on the group's ``_on_completed_fut`` in
  ``__aexit__``, which it starts in a step of its own: from its frames the group and its
  tasks are found again (``awaitgraph.group_tasks``);
* ``as_completed``'s callback: when it is called, but the edge exists only while ``A`` waits
  in ``_wait_for_one`` (its queue's ``get``), which is found by its frames as ``wait`` is.

An edge goes when ``T`` ends (its step ran), when ``A`` ends or stops waiting (its step ran),
or when asyncio removes the callback: ``wait`` and ``wait_for`` in ``A``'s step, ``shield``
in a done-callback of its outer future, and the end of an inner gather cuts the edges through
it, also from a callback. So a handle that is not a task step makes the next look a whole one,
unless it is the timer of a ``sleep`` (``_set_result_unless_cancelled`` on a future that is no
gather), which is most of them. A label depends on the awaiting task's frames and waiter only,
which change when it runs.

The stepper says which tasks ran (``ran``) and which other handles ran (``callback_ran``); new
tasks are those with a serial id above the last one seen. The result of a pause where nothing
changed is the very list of the pause before, so the delta's comparison is one identity test;
otherwise a copy with the rows that changed, the others the same objects.
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Callable, Iterable
from typing import Any

from . import awaitgraph
from .awaitgraph import Waiters, serial
from .snapshot import TaskRegistry, await_chain

#: Frames of the waits whose futures do not lead back to the tasks they wait for.
_BLIND_WAITS = frozenset({"wait", "_wait", "wait_for", "as_completed", "_wait_for_one"})


class EdgeCache:
    """The await edges sent last, for one stepper's registry."""

    def __init__(self, registry: TaskRegistry) -> None:
        self.registry = registry
        #: Look at every task at the next pause.
        self._whole = True
        self._loop: Any = None
        self._dirty: set[str] = set()
        self._seen = 0
        #: (awaiter id, awaited id) -> label, and both ways of reading it.
        self._via: dict[tuple[str, str], str] = {}
        self._out: dict[str, set[str]] = {}
        self._in: dict[str, set[str]] = {}
        #: The rows in order (serial of the awaiter, of the awaited), keys side by side.
        self._keys: list[tuple[int, int]] = []
        self._rows: list[dict[str, str]] = []
        #: id(future) -> ids of the tasks waiting on it, and each task's, once built.
        self._waiting: dict[int, list[str]] | None = None
        self._waits: dict[str, int] = {}

    # -- what the stepper tells ---------------------------------------------------------

    def invalidate(self) -> None:
        """Steps ran unseen, or the loop changed: look at every task next time."""
        self._whole = True
        self._dirty.clear()

    def ran(self, task_id: str) -> None:
        """A step of this task ran (or it was collected) since the last pause."""
        if not self._whole:
            self._dirty.add(task_id)

    def callback_ran(self, handle: Any) -> None:
        """A handle that is not a task step ran since the last pause."""
        if self._whole:
            return
        if handle._callback is _SET_RESULT_UNLESS_CANCELLED and handle._args and getattr(
                handle._args[0], "_children", None) is None:
            return  # a sleep's timer: it completes a future no gather or shield leads through
        self._whole = True
        self._dirty.clear()

    # -- the edges ------------------------------------------------------------------------

    def edges(self, loop: Any, tasks: Callable[[], Iterable[Any]]) -> list[dict[str, str]]:
        """The edges now, as ``awaitgraph.await_edges(loop, registry, tasks)`` gives them."""
        if loop.is_closed():
            self.invalidate()
            return []
        if self._whole or loop is not self._loop:
            return self._rebuild(loop, tasks)
        registry = self.registry
        dirty = self._dirty
        dirty.update(f"T{n}" for n in range(self._seen + 1, registry.count + 1))
        self._seen = registry.count
        if not dirty:
            return self._rows
        self._dirty = set()
        look: set[str] = set()  # awaited tasks whose awaiters are found again
        for tid in dirty:
            look.add(tid)
            look.update(self._out.get(tid, ()))
            task = registry.get(tid)
            waiter = None
            if task is not None and not task.done() and task.get_loop() is loop:
                waiter = getattr(task, "_fut_waiter", None)
            self._moved(tid, waiter)
            if waiter is None:
                continue
            chain = await_chain(task)
            if any(f.f_code.co_name in _BLIND_WAITS for f in chain):
                return self._rebuild(loop, tasks)
            look.update(registry.id_of(source) for source in awaitgraph.sources(waiter))
            look.update(registry.id_of(t) for t in awaitgraph.group_tasks(chain, waiter))
        waiters = _CachedWaiters(self, loop, tasks)
        memo: dict[int, list[Any]] = {}
        frames_of: dict[int, set[str]] = {}
        edits: dict[tuple[str, str], str | None] = {}
        for tid in look:
            task = registry.get(tid)
            found: set[str] = set()
            if task is not None and not task.done() and task.get_loop() is loop:
                for awaiter in awaitgraph.awaiters(task, waiters, memo=memo):
                    if awaiter is task or awaiter.done():
                        continue
                    aid = registry.id_of(awaiter)
                    found.add(aid)
                    key = (aid, tid)
                    via = self._via.get(key) if aid not in dirty else None
                    if via is None:
                        via = awaitgraph.label(awaiter, task, frames_of)
                    if via != self._via.get(key):
                        edits[key] = via
            for aid in self._in.get(tid, ()):
                if aid not in found:
                    edits[(aid, tid)] = None
        self._seen = registry.count  # ids given to awaiters seen first just now are known
        if edits:
            self._apply(edits)
        return self._rows

    def _rebuild(self, loop: Any, tasks: Callable[[], Iterable[Any]]) -> list[dict[str, str]]:
        registry = self.registry
        self._dirty.clear()
        waiters = Waiters(loop, tasks)
        rows = awaitgraph.labelled(awaitgraph.all_pairs(loop, registry, tasks, waiters),
                                   registry)
        self._via = {(a, t): via for a, t, via in rows}
        self._out, self._in = {}, {}
        for a, t, _via in rows:
            self._out.setdefault(a, set()).add(t)
            self._in.setdefault(t, set()).add(a)
        self._keys = [(serial(a), serial(t)) for a, t, _via in rows]
        self._rows = [awaitgraph.row(a, t, via) for a, t, via in rows]
        self._waiting, self._waits = None, {}
        if waiters.map is not None:
            self._waiting = {key: [registry.id_of(t) for t in found]
                             for key, found in waiters.map.items()}
            self._waits = {tid: key for key, ids in self._waiting.items() for tid in ids}
        self._loop = loop
        self._seen = registry.count
        self._whole = False
        return self._rows

    def _moved(self, tid: str, waiter: Any) -> None:
        """Keep the map of waiters: ``tid`` waits on ``waiter`` now (or on nothing)."""
        if self._waiting is None:
            return
        old = self._waits.pop(tid, None)
        if old is not None:
            ids = self._waiting.get(old)
            if ids is not None:
                ids[:] = [i for i in ids if i != tid]
                if not ids:
                    del self._waiting[old]
        if waiter is not None:
            self._waits[tid] = id(waiter)
            self._waiting.setdefault(id(waiter), []).append(tid)

    def _apply(self, edits: dict[tuple[str, str], str | None]) -> None:
        """Edit a copy of the rows (the list sent last stays as it was sent)."""
        keys, rows = self._keys, list(self._rows)
        for (aid, tid), via in edits.items():
            key = (serial(aid), serial(tid))
            at = bisect.bisect_left(keys, key)
            present = at < len(keys) and keys[at] == key
            if via is None:
                if present:
                    del keys[at], rows[at]
                self._via.pop((aid, tid), None)
                self._out.get(aid, set()).discard(tid)
                self._in.get(tid, set()).discard(aid)
                continue
            if present:
                rows[at] = awaitgraph.row(aid, tid, via)
            else:
                keys.insert(at, key)
                rows.insert(at, awaitgraph.row(aid, tid, via))
            self._via[(aid, tid)] = via
            self._out.setdefault(aid, set()).add(tid)
            self._in.setdefault(tid, set()).add(aid)
        self._rows = rows


class _CachedWaiters(Waiters):
    """``Waiters`` answered from the cache's map, which is built once and then kept."""

    def __init__(self, cache: EdgeCache, loop: Any,
                 tasks: Callable[[], Iterable[Any]]) -> None:
        super().__init__(loop, tasks)
        self.cache = cache

    def of(self, future: Any) -> list[Any] | None:
        cache = self.cache
        if cache._waiting is None:
            built = Waiters(self.loop, self.tasks)
            built.of(future)
            assert built.map is not None
            registry = cache.registry
            cache._waiting = {key: [registry.id_of(t) for t in found]
                              for key, found in built.map.items()}
            cache._waits = {tid: key for key, ids in cache._waiting.items() for tid in ids}
        ids = cache._waiting.get(id(future))
        if ids is None:
            return None
        found = [t for t in map(cache.registry.get, ids) if t is not None]
        return found or None  # as ``Waiters``, which knows live tasks only


_SET_RESULT_UNLESS_CANCELLED = getattr(asyncio.futures, "_set_result_unless_cancelled", None)


__all__ = ["EdgeCache"]
