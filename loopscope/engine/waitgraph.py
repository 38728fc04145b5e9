"""The wait-for graph of stuck tasks: who waits for whom, and the cycles that make a deadlock.

A deadlock report that lists "Alice awaits Event.wait(), Bob awaits Event.wait()" tells the user
what each task waits *on*, not *whom* it waits for. This module turns the former into the latter:
an edge ``A → B`` means "A can only move once B does something", and a cycle of such edges is the
reason nothing can ever run again.

Edges come from three kinds of knowledge, from the most certain to the least:

* **structure**: a task awaiting another task, the children of a ``gather``, the tasks of a
  ``TaskGroup`` its ``async with`` waits for, the inner task of ``wait_for``/``shield``;
* **ownership**: ``asyncio.Lock`` does not record its owner, so ``install`` puts a data
  descriptor on the class for ``_locked``: every assignment goes through it, and the one that
  sets it to True runs inside the acquiring task's step, so ``current_task()`` there is the
  owner. Nothing is wrapped (no extra frame in any await chain, no change to what the lock
  does); the cost is one function call per acquire and release;
* **reference**: for an Event, a Queue, a Condition, a Semaphore or a plain Future, nobody can
  know who *will* set it. The tasks that could are those whose user frames hold a reference to
  the object (a local, or an attribute of a local such as ``self.done``) and whose code names
  the verb that would wake the waiter (``set``, ``put``, ``notify``, ``release``,
  ``set_result``...), and that do not themselves wait, through certain edges, for the waiter.
  The main task that created both Events but never sets one, or that gathers the waiters, is
  not a suspect, which keeps the cycles the user cares about.

Cycles are found per strongly connected component (Tarjan), one named cycle per component,
starting from its oldest task: ``Alice → Bob → Alice``. Everything here reads; nothing resumes,
cancels or awaits, and only the standard library is used.
"""

from __future__ import annotations

import asyncio
import weakref
from asyncio import events, locks
from collections.abc import Iterable
from typing import Any

from .loop import TASK_TYPES
from .snapshot import TaskRegistry, await_chain, is_user_file

#: Library frames that say which object a task waits on, and the verbs that would wake it.
_PRIMITIVES: dict[str, tuple[str, tuple[str, ...], str]] = {
    # qualname: (kind shown, verbs a waker's code names, what the waker would do)
    "Event.wait": ("Event", ("set",), "could set"),
    "Queue.get": ("Queue", ("put", "put_nowait"), "could put into"),
    "Queue.put": ("Queue", ("get", "get_nowait"), "could get from"),
    "Queue.join": ("Queue", ("task_done",), "could call task_done on"),
    "Condition.wait": ("Condition", ("notify", "notify_all"), "could notify"),
    "Semaphore.acquire": ("Semaphore", (), "could release"),
    "BoundedSemaphore.acquire": ("Semaphore", (), "could release"),
    "Barrier.wait": ("Barrier", ("wait",), "has yet to reach"),
}
_FUTURE_VERBS = ("set_result", "set_exception", "cancel")
_QUEUE_KINDS = ("Queue", "LifoQueue", "PriorityQueue")


# -- lock ownership --------------------------------------------------------------------------


class _LockedFlag:
    """``Lock._locked`` as a data descriptor: the task that sets it to True is the owner."""

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        return obj.__dict__.get("_loopscope_locked", False)

    def __set__(self, obj: Any, value: Any) -> None:
        state = obj.__dict__
        state["_loopscope_locked"] = value
        owner = None
        if value:
            loop = events._get_running_loop()
            task = asyncio.current_task(loop) if loop is not None else None
            owner = weakref.ref(task) if task is not None else None
        state["_loopscope_owner"] = owner


def install() -> None:
    """Make ``asyncio.Lock`` remember its owner (the debuggee calls this once, at start)."""
    if not isinstance(locks.Lock.__dict__.get("_locked"), _LockedFlag):
        locks.Lock._locked = _LockedFlag()  # type: ignore[attr-defined]


def lock_owner(lock: Any) -> Any:
    """The task holding ``lock`` (None if free, unknown, or the task was collected)."""
    ref = getattr(lock, "__dict__", {}).get("_loopscope_owner")
    return ref() if ref is not None else None


# -- the graph -------------------------------------------------------------------------------


def _kind_of(obj: Any) -> str:
    name = type(obj).__name__
    return "Queue" if name in _QUEUE_KINDS else name


def _names_in(code: Any) -> set[str]:
    """Attribute and global names a code object (and the code nested in it) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _names_in(const)
    return names


def _refers(value: Any, target: Any) -> bool:
    """``value`` is ``target``, or holds it one level down (an attribute, an item)."""
    if value is target:
        return True
    if isinstance(value, list | tuple | set | frozenset):
        return any(item is target for item in list(value)[:100])
    if isinstance(value, dict):
        return any(item is target for item in list(value.values())[:100])
    attrs = getattr(value, "__dict__", None)
    if isinstance(attrs, dict) and not isinstance(value, type):
        return any(item is target for item in list(attrs.values())[:100])
    return False


def _local_name(frames: list[Any], target: Any) -> str:
    """The name the user's code calls ``target`` by (``bob_done``, ``self.done``), or "":
    the first of ``frames`` that has it."""
    for frame in frames:
        if not is_user_file(frame.f_code.co_filename):
            continue
        local = frame.f_locals
        for name, value in local.items():
            if value is target:
                return name
        for name, value in local.items():
            attrs = getattr(value, "__dict__", None)
            if isinstance(attrs, dict) and not isinstance(value, type):
                for attr, item in attrs.items():
                    if item is target:
                        return f"{name}.{attr}"
    return ""


class _Stuck:
    """One waiting task: its frames, the object it waits on, and its edges out."""

    def __init__(self, task: Any, task_id: str) -> None:
        self.task = task
        self.id = task_id
        self.frames = await_chain(task)
        self.edges: list[tuple[Any, str]] = []
        self.note = ""
        #: The primitive (or plain future) it waits on, for the reference search.
        self.waits_on: Any = None
        self.verbs: tuple[str, ...] = ()
        self.doing = ""
        self.label = ""


def wait_for_graph(loop: Any, registry: TaskRegistry,
                   tasks: Iterable[Any] | None = None) -> dict[str, Any]:
    """The graph of the pending tasks of ``loop``.

    Returns ``{"edges": {task_id: [{"task_id", "task", "why"}]}, "notes": {task_id: str},
    "cycles": [{"task_ids": [...], "text": "A → B → A"}]}``; cycles list the first task again at
    the end, as the text does."""
    pending = sorted(asyncio.all_tasks(loop) if tasks is None else tasks,
                     key=lambda t: int(registry.id_of(t)[1:]))
    stuck = [_Stuck(task, registry.id_of(task)) for task in pending]
    by_task = {id(s.task): s for s in stuck}
    everyone = [frame for s in stuck for frame in s.frames]
    for each in stuck:
        _structural(each, registry, everyone)
    # Structural edges are certain: a task that waits (through them) for W cannot wake W.
    certain = {id(s.task): [id(t) for t, _ in s.edges] for s in stuck}
    for each in stuck:
        if each.waits_on is not None and not each.edges:
            _suspects(each, stuck, certain)
    edges = {s.id: [{"task_id": registry.id_of(t), "task": t.get_name(), "why": why}
                    for t, why in s.edges] for s in stuck}
    notes = {s.id: s.note for s in stuck if s.note}
    graph = {s.id: [registry.id_of(t) for t, _ in s.edges if id(t) in by_task] for s in stuck}
    names = {s.id: s.task.get_name() for s in stuck}
    cycles = [{"task_ids": cycle, "text": " → ".join(names[t] for t in cycle)}
              for cycle in find_cycles(graph)]
    return {"edges": edges, "notes": notes, "cycles": cycles}


def _structural(each: _Stuck, registry: TaskRegistry, everyone: list[Any]) -> None:
    """Edges known for certain, or the primitive to search wakers of.

    ``everyone``: the frames of every stuck task, oldest task first: an object is named as the
    oldest task calls it (``a``, the name ``main`` gave the lock, not ``theirs``)."""
    task, frames = each.task, each.frames
    waiter = getattr(task, "_fut_waiter", None)
    # The innermost library frame that names a primitive says the most.
    for frame in reversed(frames):
        code = frame.f_code
        name = getattr(code, "co_qualname", code.co_name)
        this = frame.f_locals.get("self")
        if name == "Lock.acquire" and this is not None:
            label = _label("Lock", everyone, this)
            owner = lock_owner(this)
            if owner is None:
                each.note = f"{label} is held by no known task"
            elif owner.done():
                each.note = f"{label} is held by task {owner.get_name()}, which finished " \
                            "without releasing it"
            else:
                each.edges.append((owner, f"holds {label}"))
            return
        if name in ("TaskGroup.__aexit__", "TaskGroup._aexit") and this is not None:
            for child in sorted(getattr(this, "_tasks", ()) or (),
                                key=lambda t: int(registry.id_of(t)[1:])):
                if not child.done():
                    each.edges.append((child, "in its TaskGroup"))
            return
        if name in _PRIMITIVES and this is not None:
            kind, verbs, doing = _PRIMITIVES[name]
            if kind == "Queue":
                kind = _kind_of(this)
            each.waits_on, each.verbs, each.doing = this, verbs, doing
            each.label = _label(kind, everyone, this)
            return
        if name == "wait_for":  # 3.11: the task awaits a waiter future, the inner task runs
            inner = frame.f_locals.get("fut")
            if isinstance(inner, TASK_TYPES) and not inner.done():
                each.edges.append((inner, "awaited (wait_for)"))
                return
    if waiter is None:
        return
    if isinstance(waiter, TASK_TYPES):
        each.edges.append((waiter, "awaited"))
        return
    children = getattr(waiter, "_children", None)
    if children is not None:
        for child in children:
            if isinstance(child, TASK_TYPES) and not child.done():
                each.edges.append((child, "gathered"))
        return
    inner = _shielded(waiter)
    if inner is not None:
        each.edges.append((inner, "shielded"))
        return
    each.waits_on, each.verbs, each.doing = waiter, _FUTURE_VERBS, "could set"
    each.label = _label("Future", everyone, waiter)


def _shielded(outer: Any) -> Any:
    """The task ``shield`` protects, when ``outer`` is the future shield() returned."""
    for task in asyncio.all_tasks(outer.get_loop()):
        for callback, *_ in list(getattr(task, "_callbacks", None) or ()):
            cells = getattr(callback, "__closure__", None) or ()
            if any(_cell(cell) is outer for cell in cells):
                return task
    return None


def _cell(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return None


def _label(kind: str, frames: list[Any], obj: Any) -> str:
    name = _local_name(frames, obj)
    return f"{kind} {name}" if name else kind


def _suspects(each: _Stuck, stuck: list[_Stuck], certain: dict[int, list[int]]) -> None:
    """Tasks that could wake ``each``: they hold its object and their code names the verb, and
    they do not themselves wait for ``each`` to finish (``main`` gathering it, say)."""
    target = each.waits_on
    for other in stuck:
        if other is each or other.waits_on is target:
            continue
        if _reaches(certain, id(other.task), id(each.task)):
            continue
        for frame in other.frames:
            code = frame.f_code
            if not is_user_file(code.co_filename):
                continue
            if not any(_refers(value, target) for value in list(frame.f_locals.values())):
                continue
            if each.verbs and not (_names_in(code) & set(each.verbs)):
                continue
            each.edges.append((other.task, f"{each.doing} {each.label}"))
            break
    if not each.edges:
        each.note = f"no task could {each.doing.removeprefix('could ')} {each.label}"


def _reaches(graph: dict[int, list[int]], start: int, goal: int) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected component, from its oldest task, closed (A, B, A).

    Task ids sort by serial (``T2`` before ``T10``); a task waiting for itself is a cycle too."""
    order = sorted(graph, key=_serial)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:  # Tarjan; the graphs are small (stuck tasks)
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            components.append(component)

    for node in order:
        if node not in index:
            connect(node)
    cycles = []
    for component in components:
        members = set(component)
        start = min(component, key=_serial)
        if len(component) == 1 and start not in graph.get(start, ()):
            continue
        cycles.append(_shortest_cycle(graph, start, members))
    cycles.sort(key=lambda c: _serial(c[0]))
    return cycles


def _shortest_cycle(graph: dict[str, list[str]], start: str, members: set[str]) -> list[str]:
    """Breadth first from ``start`` back to it, inside one component."""
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph.get(node, ()), key=_serial):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if nxt in members and nxt not in parents:
                    parents[nxt] = node
                    following.append(nxt)
        frontier = following
    return [start, start]


def _serial(task_id: str) -> int:
    return int(task_id[1:]) if task_id[1:].isdigit() else 0


__all__ = ["find_cycles", "install", "lock_owner", "wait_for_graph"]
