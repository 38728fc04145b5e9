"""The await graph: which task awaits which, and through what (gather, TaskGroup, wait_for...).

A task's await chain (``snapshot.await_chain``) goes *down* from a task into the coroutines it
awaits; it stops at the future the task waits on. To say *who awaits whom* between tasks, this
module follows the links the other way, from each task to the tasks it would wake when it ends:

* a task's done-callbacks are the wake-up of the task awaiting it (``await task``), the
  ``_on_task_done`` of a ``TaskGroup`` (whose parent task waits on the group's
  ``_on_completed_fut`` in ``__aexit__``), the ``_done_callback`` closure of ``gather`` or the
  ``_inner_done_callback`` of ``shield`` (their ``outer`` future is what the awaiting task
  waits on), the ``_on_completion`` closure of ``wait`` or a ``functools.partial`` of
  ``_release_waiter`` (``wait_for`` on 3.11), and the completion callback of ``as_completed``
  (the closure ``_on_completion`` up to 3.12, ``_AsCompletedIterator._handle_completion``
  from 3.13), whose queue of done futures the iterating task waits on. Only those, installed
  by asyncio: a callback of the program's own (``t.add_done_callback(u.cancel)``) is no wait,
  and knowing when each of these is installed is what lets ``edgecache`` keep the edges from
  one pause to the next;
* a future that is not a task leads to the task whose ``_fut_waiter`` it is, or, for a gather
  inside a gather, on through its own done-callbacks.

So an edge exists exactly while the awaiting task is suspended on a future that the awaited
task's end feeds (docs/protocol.md, "awaits"): a ``gather``, ``shield`` or ``as_completed``
made but not yet awaited, or a ``TaskGroup`` whose body still runs, is no edge, on every
version.

Python 3.14 records links of its own (``future_add_to_awaited_by``) and exposes them as
``asyncio.capture_call_graph``; this module does not ask it, on purpose. Those links are
added when ``gather``, ``shield``, ``as_completed`` or ``TaskGroup.create_task`` is *called*,
not when the result is awaited, so they give edges the frame walk has no word for (they
were labelled "shield" by the fallback), and they exist on 3.14+ only: the graph would
differ by version. They are also slower: a whole look at a gather of 10,000 tasks
(``benchmarks/edges.py``, CPython 3.14.10) took 1.4 to 1.8 times the CPU time through
``capture_call_graph`` (it builds a ``FutureCallGraph`` and its frames for each task) as by
following the callbacks, 58 ms against 32 ms on a quiet machine; and what it gives cannot be
kept from pause to pause, since no step says when its links change, where the walk below
can (``edgecache``: 0.1 ms a pause). Read only, standard library only.
"""

from __future__ import annotations

import asyncio
import functools
import operator
import os
from collections.abc import Callable, Iterable
from typing import Any

from .loop import TASK_TYPES
from .snapshot import TaskRegistry, await_chain

_has_callbacks = operator.attrgetter("_callbacks")

#: How many futures deep a chain of nested gathers is followed.
_MAX_HOPS = 8

#: The wake-up method of a C task and of a pure-Python one.
_WAKEUPS = ("task_wakeup", "__wakeup")
#: The done-callback closures of ``gather``, ``shield`` and ``wait``.
_CLOSURES = ("_done_callback", "_inner_done_callback", "_on_completion")
_RELEASE_WAITER = getattr(asyncio.tasks, "_release_waiter", None)
#: The iterator of ``as_completed`` (3.13+; a generator with closures before).
_AS_COMPLETED: Any = getattr(asyncio.tasks, "_AsCompletedIterator", ())
#: Frames of ``wait`` and of the loop over ``as_completed`` (its queue's ``get``).
_WAITS = frozenset({"wait", "_wait", "as_completed.<locals>._wait_for_one",
                    "_AsCompletedIterator._wait_for_one"})
_ASYNCIO_DIR = os.path.dirname(asyncio.__file__) + os.sep


def await_edges(loop: Any, registry: TaskRegistry,
                tasks: Callable[[], Iterable[Any]] | None = None) -> list[dict[str, str]]:
    """``[{"task_id": awaiter, "awaits": awaited, "via": label}]`` for the pending tasks of
    ``loop``, sorted by awaiter then awaited (task ids in serial order).

    ``tasks``: gives tasks among which every pending task of ``loop`` is (others are
    skipped), where the caller keeps them (``Snapshots.known_tasks``): ``asyncio.all_tasks``
    copies a weak set and asks every task its loop, 3.6 ms with 10,000 tasks. Only a task with
    done-callbacks can be awaited (a done task has none), so the rest costs one attribute read
    a task; the map of who waits on which future is built only when some callback leads to a
    future. ``edgecache.EdgeCache`` keeps the result from one pause to the next."""
    if loop.is_closed():
        return []
    rows = labelled(all_pairs(loop, registry, tasks, Waiters(loop, tasks)), registry)
    return [row(a, t, via) for a, t, via in rows]


def row(awaiter_id: str, awaited_id: str, via: str) -> dict[str, str]:
    return {"task_id": awaiter_id, "awaits": awaited_id, "via": via}


class Waiters:
    """Which pending tasks wait on which future (``_fut_waiter``), built at the first
    question: ``id(future)`` -> the tasks (two tasks may await one future)."""

    def __init__(self, loop: Any, tasks: Callable[[], Iterable[Any]] | None) -> None:
        self.loop = loop
        self.tasks = tasks
        self.map: dict[int, list[Any]] | None = None

    def of(self, future: Any) -> list[Any] | None:
        if self.map is None:
            every = self.tasks() if self.tasks is not None else asyncio.all_tasks(self.loop)
            found: dict[int, list[Any]] = {}
            for t in every:
                w = getattr(t, "_fut_waiter", None)
                if w is not None and not t.done() and t.get_loop() is self.loop:
                    found.setdefault(id(w), []).append(t)
            self.map = found
        return self.map.get(id(future))


def all_pairs(loop: Any, registry: TaskRegistry, tasks: Callable[[], Iterable[Any]] | None,
              waiters: Waiters) -> set[tuple[Any, Any]]:
    """Every ``(awaiter, awaited)`` pair of pending tasks of ``loop``."""
    every: Iterable[Any]
    every = asyncio.all_tasks(loop) if tasks is None else tasks()
    # Only a task with done-callbacks can be awaited (a done task's are cleared).
    candidates = [t for t in filter(_has_callbacks, every)
                  if not t.done() and t.get_loop() is loop]
    pairs: set[tuple[Any, Any]] = set()
    # A gather's 10,000 children share one done-callback: what it leads to is found once.
    memo: dict[int, list[Any]] = {}
    for task in candidates:
        for awaiter in awaiters(task, waiters, memo=memo):
            if awaiter is not task and not awaiter.done():
                pairs.add((awaiter, task))
    return pairs


def labelled(pairs: Iterable[tuple[Any, Any]],
             registry: TaskRegistry) -> list[tuple[str, str, str]]:
    """``(awaiter id, awaited id, via)`` for each pair, sorted by serial ids."""
    frames_of: dict[int, set[str]] = {}  # one walk per awaiter: a gather of 10,000 is one
    labels: dict[tuple[int, bool], str] = {}  # a label depends on the awaited only so
    ids: dict[int, tuple[int, str]] = {}

    def serial_id(task: Any) -> tuple[int, str]:
        known = ids.get(id(task))
        if known is None:
            tid = registry.id_of(task)
            known = ids[id(task)] = (serial(tid), tid)
        return known

    rows = []
    for a, t in pairs:
        key = (id(a), getattr(a, "_fut_waiter", None) is t)
        via = labels.get(key)
        if via is None:
            via = labels[key] = label(a, t, frames_of)
        rows.append((serial_id(a), serial_id(t), via))
    rows.sort(key=lambda r: (r[0][0], r[1][0]))
    return [(a[1], t[1], via) for a, t, via in rows]


def awaiters(future: Any, waiters: Waiters, hops: int = 0,
             memo: dict[int, list[Any]] | None = None) -> list[Any]:
    """The tasks that wait, directly or through other futures, for ``future`` to end.
    ``memo``: what each done-callback of a task leads to, for one look at the loop (its
    callbacks are alive and unchanged meanwhile, so their ids stand for them)."""
    found: list[Any] = []
    for entry in list(getattr(future, "_callbacks", None) or ()):
        callback = entry[0] if isinstance(entry, tuple) else entry
        hit = memo.get(id(callback)) if memo is not None else None
        if hit is None:
            hit = []
            for target in _targets(callback):
                if isinstance(target, TASK_TYPES):
                    hit.append(target)
                    continue
                waiting = waiters.of(target)
                if waiting is not None:
                    hit.extend(waiting)
                elif hops < _MAX_HOPS:  # a future nobody awaits directly: a gather in a gather
                    hit.extend(awaiters(target, waiters, hops + 1))
            if memo is not None:
                memo[id(callback)] = hit
        found.extend(hit)
    return found


def _targets(callback: Any) -> list[Any]:
    """What a done-callback leads to: a task, or a future some task waits on.

    Only the callbacks asyncio itself installs count (a task's wake-up, a ``TaskGroup``'s
    ``_on_task_done``, ``_release_waiter``, the closures of ``gather``, ``shield`` and
    ``wait``, the completion callback of ``as_completed``): each is installed by the step of
    the task that comes to wait, or when the awaited task is created, and what it leads to
    is awaited only from a step of the awaiting task, which is what lets ``edgecache``
    follow only tasks that ran."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, TASK_TYPES):
        # The wake-up of a task that awaits this one (not, say, ``t.add_done_callback(u.cancel)``)
        return [owner] if getattr(callback, "__name__", "") in _WAKEUPS else []
    if isinstance(owner, asyncio.TaskGroup):
        # The parent waits for its tasks only in ``__aexit__``, on this future (None before).
        done = getattr(owner, "_on_completed_fut", None)
        return [done] if done is not None and callback.__name__ == "_on_task_done" else []
    if isinstance(owner, _AS_COMPLETED) and callback.__name__ == "_handle_completion":
        return _getters(getattr(owner, "_done", None))  # as_completed, 3.13+
    if isinstance(callback, functools.partial):
        if callback.func is not _RELEASE_WAITER:
            return []
        return [arg for arg in callback.args if isinstance(arg, asyncio.Future)]
    code = getattr(callback, "__code__", None)
    if code is None or code.co_name not in _CLOSURES or not _ours(code):
        return []
    out = []
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(value, asyncio.Future):
            out.append(value)
        elif isinstance(value, asyncio.Queue) and code.co_name == "_on_completion":
            out.extend(_getters(value))  # the queue of done futures of as_completed, to 3.12
    return out


def _getters(queue: Any) -> list[Any]:
    """The futures of the tasks waiting in ``queue.get()``: the next result of an
    ``as_completed``, awaited only while one of them exists."""
    return list(getattr(queue, "_getters", None) or ())


def sources(future: Any, hops: int = 0) -> list[Any]:
    """The tasks whose done-callbacks may lead to a task waiting on ``future``, seen from
    the waiting side: ``future`` itself if it is a task, a gather's children, the inner
    future of a ``shield`` (``wait`` and ``wait_for`` are found by their frames instead)."""
    if isinstance(future, TASK_TYPES):
        return [future]
    if hops >= _MAX_HOPS:
        return []
    found: list[Any] = []
    for child in getattr(future, "_children", None) or ():
        found.extend(sources(child, hops + 1))
    for entry in list(getattr(future, "_callbacks", None) or ()):
        callback = entry[0] if isinstance(entry, tuple) else entry
        code = getattr(callback, "__code__", None)
        if code is not None and code.co_name == "_outer_done_callback" and _ours(code):
            for cell in callback.__closure__ or ():
                try:
                    value = cell.cell_contents
                except ValueError:
                    continue
                if isinstance(value, asyncio.Future):
                    found.extend(sources(value, hops + 1))
    return found


def group_tasks(chain: Iterable[Any], waiter: Any) -> list[Any]:
    """The tasks of the ``TaskGroup`` whose ``__aexit__`` is in ``chain`` (a task's await
    chain) and waits on ``waiter``: the tasks that task awaits through that group."""
    for frame in chain:
        if frame.f_code.co_name not in ("__aexit__", "_aexit"):
            continue
        group = frame.f_locals.get("self")
        if (isinstance(group, asyncio.TaskGroup)
                and getattr(group, "_on_completed_fut", None) is waiter):
            return list(getattr(group, "_tasks", None) or ())
    return []


def _ours(code: Any) -> bool:
    """Code of asyncio's own package."""
    return code.co_filename.startswith(_ASYNCIO_DIR)


def label(awaiter: Any, awaited: Any, cache: dict[int, set[str]] | None = None) -> str:
    """How ``awaiter`` waits for ``awaited``: ``await``, ``gather``, ``TaskGroup``,
    ``wait_for``, ``shield`` or ``wait``, from its waiter and its frames."""
    names = cache.get(id(awaiter)) if cache is not None else None
    if names is None:
        names = {getattr(f.f_code, "co_qualname", f.f_code.co_name)
                 for f in await_chain(awaiter)}
        if cache is not None:
            cache[id(awaiter)] = names
    if names & {"TaskGroup.__aexit__", "TaskGroup._aexit"}:
        return "TaskGroup"
    if "wait_for" in names:
        return "wait_for"
    waiter = getattr(awaiter, "_fut_waiter", None)
    if waiter is awaited:
        return "await"
    if getattr(waiter, "_children", None) is not None:
        return "gather"
    if names & _WAITS:
        return "wait"
    # What is left leads here through ``shield``'s ``_inner_done_callback``: the other ways
    # (``_targets``) are all named above.
    return "shield"


def serial(task_id: str) -> int:
    return int(task_id[1:]) if task_id[1:].isdigit() else 0


__all__ = ["Waiters", "all_pairs", "await_edges", "awaiters", "group_tasks", "label",
           "labelled", "row", "serial", "sources"]
