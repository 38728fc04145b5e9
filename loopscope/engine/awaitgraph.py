"""The await graph: which task awaits which, and through what (gather, TaskGroup, wait_for...).

A task's await chain (``snapshot.await_chain``) goes *down* from a task into the coroutines it
awaits; it stops at the future the task waits on. To say *who awaits whom* between tasks, this
module follows the links the other way, from each task to the tasks it would wake when it ends:

* a task's done-callbacks are the wake-up of the task awaiting it (``await task``), the
  ``_on_task_done`` of a ``TaskGroup`` (whose parent task waits in ``__aexit__``), the
  ``_done_callback`` closure of ``gather`` or the ``_inner_done_callback`` of ``shield`` (their
  ``outer`` future is what the awaiting task waits on), or a ``functools.partial`` of
  ``_release_waiter`` (``wait_for`` on 3.11, ``wait``);
* a future that is not a task leads to the task whose ``_fut_waiter`` it is, or, for a gather
  inside a gather, on through its own done-callbacks.

Python 3.14 records the same links itself (``future_add_to_awaited_by``) and exposes them as
``asyncio.capture_call_graph``: where that function exists it is asked instead, and only the
label of each edge is still read from the awaiting task (its waiter and frames), so both ways
give the same edges with the same words. Read only, standard library only.
"""

from __future__ import annotations

import asyncio
import functools
import operator
from collections.abc import Callable, Iterable
from typing import Any

from .loop import TASK_TYPES
from .snapshot import TaskRegistry, await_chain

_has_callbacks = operator.attrgetter("_callbacks")

#: How many futures deep a chain of nested gathers is followed.
_MAX_HOPS = 8


def await_edges(loop: Any, registry: TaskRegistry,
                tasks: Callable[[], Iterable[Any]] | None = None) -> list[dict[str, str]]:
    """``[{"task_id": awaiter, "awaits": awaited, "via": label}]`` for the pending tasks of
    ``loop``, sorted by awaiter then awaited (task ids in serial order).

    ``tasks``: gives tasks among which every pending task of ``loop`` is (others are
    skipped), where the caller keeps them (``Snapshots.known_tasks``): ``asyncio.all_tasks``
    copies a weak set and asks every task its loop, 3.6 ms with 10,000 tasks. Only a task with
    done-callbacks can be awaited (a done task has none), so the rest costs one attribute read
    a task; the map of who waits on which future is built only when some callback leads to a
    future."""
    if loop.is_closed():
        return []
    if tasks is None:
        every = asyncio.all_tasks(loop)

        def tasks() -> Iterable[Any]:
            return every
    capture = getattr(asyncio, "capture_call_graph", None)
    if capture is None:
        # Only a task with done-callbacks can be awaited (a done task's are cleared).
        candidates = [t for t in filter(_has_callbacks, tasks())
                      if not t.done() and t.get_loop() is loop]
    else:
        candidates = [t for t in tasks() if not t.done() and t.get_loop() is loop]
    waiters: dict[int, Any] | None = None

    def waiter_of() -> dict[int, Any]:
        nonlocal waiters
        if waiters is None:
            waiters = {id(w): t for t in tasks()
                       if (w := getattr(t, "_fut_waiter", None)) is not None
                       and not t.done() and t.get_loop() is loop}
        return waiters

    pairs: set[tuple[Any, Any]] = set()
    # A gather's 10,000 children share one done-callback: what it leads to is found once.
    memo: dict[int, list[Any]] = {}
    for task in candidates:
        if capture is not None:
            awaiters = _captured(capture, task)
        else:
            awaiters = _awaiters(task, waiter_of, memo=memo)
        for awaiter in awaiters:
            if awaiter is not task and not awaiter.done():
                pairs.add((awaiter, task))
    frames_of: dict[int, set[str]] = {}  # one walk per awaiter: a gather of 10,000 is one
    labels: dict[tuple[int, bool], str] = {}  # a label depends on the awaited only so
    ids: dict[int, tuple[int, str]] = {}

    def serial_id(task: Any) -> tuple[int, str]:
        known = ids.get(id(task))
        if known is None:
            tid = registry.id_of(task)
            known = ids[id(task)] = (_serial(tid), tid)
        return known

    rows = []
    for a, t in pairs:
        key = (id(a), getattr(a, "_fut_waiter", None) is t)
        via = labels.get(key)
        if via is None:
            via = labels[key] = label(a, t, frames_of)
        rows.append((serial_id(a), serial_id(t), via))
    rows.sort(key=lambda row: (row[0][0], row[1][0]))
    return [{"task_id": a[1], "awaits": t[1], "via": via} for a, t, via in rows]


def _captured(capture: Any, task: Any) -> list[Any]:
    """Python 3.14+: the tasks ``capture_call_graph`` says await ``task``."""
    graph = capture(task, depth=1)
    if graph is None:
        return []
    return [node.future for node in graph.awaited_by if isinstance(node.future, TASK_TYPES)]


def _awaiters(future: Any, waiter_of: Callable[[], dict[int, Any]], hops: int = 0,
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
                elif id(target) in waiter_of():
                    hit.append(waiter_of()[id(target)])
                elif hops < _MAX_HOPS:  # a future nobody awaits directly: a gather in a gather
                    hit.extend(_awaiters(target, waiter_of, hops + 1))
            if memo is not None:
                memo[id(callback)] = hit
        found.extend(hit)
    return found


def _targets(callback: Any) -> list[Any]:
    """What a done-callback leads to: a task, or a future some task waits on."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, TASK_TYPES):
        return [owner]  # the wake-up of a task that awaits this one
    if owner is not None and type(owner).__name__ == "TaskGroup":
        parent = getattr(owner, "_parent_task", None)
        return [parent] if parent is not None else []
    if isinstance(callback, functools.partial):
        return [arg for arg in callback.args if isinstance(arg, asyncio.Future)]
    out = []
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(value, asyncio.Future) and getattr(callback, "__name__", "") in (
                "_done_callback", "_inner_done_callback", "_on_completion"):
            out.append(value)
    return out


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
    if names & {"wait", "_wait", "as_completed"}:
        return "wait"
    return "shield"


def _serial(task_id: str) -> int:
    return int(task_id[1:]) if task_id[1:].isdigit() else 0


__all__ = ["await_edges", "label"]
