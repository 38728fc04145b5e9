"""The snapshot: what the loop looks like at a pause point, as plain JSON-able data.

Nothing here runs on the hot path. It is called when someone looks (a pause, a progress tick, a
deadlock report), so it may walk every task's await chain and read frames freely. What it may not
do is change anything: it reads ``_ready``, ``_scheduled``, the selector map and each task's
coroutine chain, and never resumes, cancels or awaits anything.

The key decisions:

* Tasks are keyed by a serial id (``T1``, ``T2``, ...) handed out in creation order by
  ``TaskRegistry``, never by ``id()`` (reused after collection) nor by asyncio's automatic names
  (they differ between 3.11/3.12 and 3.13).
* A task's *location* is the innermost frame of user code in its await chain: for
  ``await asyncio.sleep(15)`` that is the user's line, not ``asyncio/tasks.py``. The whole chain is
  kept too. "User code" is anything outside the standard library, site-packages and loopscope.
* What a task awaits is said in words, from the first library frame below the user's code
  (``sleep(15) until t=15.0``, ``Queue.get()``) or from the future it waits on (``task Two``,
  ``gather(2 tasks, 1 done)``).
"""

from __future__ import annotations

import asyncio
import inspect
import linecache
import operator
import os
import sysconfig
import weakref
from typing import Any

from .loop import TASK_TYPES

_done = operator.methodcaller("done")

_LIBRARY_DIRS = {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"],
                 os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}
# Each library folder as named and as resolved, worked out once here: ``is_user_file`` runs on
# the loop's thread (``create_task``), where a file system call is a blocking call (blockbuster
# and the like fail the program for one), so it only compares strings.
_LIBRARY_PREFIXES = tuple(
    {os.path.normcase(os.path.abspath(p)) + os.sep for p in _LIBRARY_DIRS}
    | {os.path.normcase(os.path.realpath(p)) + os.sep for p in _LIBRARY_DIRS}
)
_user_file_cache: dict[str, bool] = {}


def is_user_file(filename: str) -> bool:
    """True for the user's code; False for the stdlib, installed packages and loopscope."""
    known = _user_file_cache.get(filename)
    if known is not None:
        return known
    if filename.startswith("<"):
        result = False
    else:
        path = os.path.normcase(os.path.normpath(filename))
        result = not path.startswith(_LIBRARY_PREFIXES) and (
            "site-packages" not in path and "dist-packages" not in path
        )
    _user_file_cache[filename] = result
    return result


def callable_name(func: Any) -> str:
    """``Process.join``, ``partial(fetch)``: a callable's name, never its ``repr`` (the program's
    ``__repr__`` may do anything: ``Process.__repr__`` polls the child, which reaps it)."""
    inner = getattr(func, "func", None)  # functools.partial
    if inner is not None and type(func).__name__ == "partial":
        return f"partial({callable_name(inner)})"
    name = getattr(func, "__qualname__", None)
    return name if isinstance(name, str) else type(func).__qualname__


def source_line(filename: str, lineno: int) -> str:
    return linecache.getline(filename, lineno).strip()


#: How many finished tasks a snapshot still lists after they were collected.
MAX_DONE_RECORDS = 1000


class TaskRegistry:
    """Serial ids for tasks, in the order loopscope first saw them (creation, normally)."""

    def __init__(self) -> None:
        self._ids: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
        self._count = 0
        self._coro_names: dict[str, str] = {}
        self._internal: set[str] = set()
        #: Entries of finished tasks, oldest first, bounded by MAX_DONE_RECORDS.
        self.done_records: dict[str, dict[str, Any]] = {}
        #: Ids whose record was dropped from ``done_records`` (read by ``incremental``).
        self.evicted: list[str] = []
        #: Every task seen and not yet collected, in order of first sight.
        self._tasks: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()

    def id_of(self, task: Any, coro: Any = None) -> str:
        try:
            return self._ids[task]
        except KeyError:
            self._count += 1
            tid = f"T{self._count}"
            self._ids[task] = tid
            self._tasks[tid] = task
            if coro is None:
                coro = task_coro(task)
            self._coro_names[tid] = coro_name(coro) if coro is not None else "?"
            code = getattr(coro, "cr_code", None)
            if code is not None and not is_user_file(code.co_filename):
                self._internal.add(tid)
            return tid

    def remember_done(self, task: Any, record: dict[str, Any]) -> None:
        """Keep a finished task's last entry (plain data): the task itself is held only
        weakly, since holding it would change when asyncio reports an unretrieved exception."""
        self.done_records[self.id_of(task)] = record
        while len(self.done_records) > MAX_DONE_RECORDS:
            oldest = next(iter(self.done_records))
            del self.done_records[oldest]
            if len(self.evicted) < 4 * MAX_DONE_RECORDS:
                self.evicted.append(oldest)

    def internal(self, task: Any) -> bool:
        """A task of asyncio's own (``shutdown_asyncgens``, ...), not of the program."""
        return self.id_of(task) in self._internal

    def coro_name(self, task: Any) -> str:
        """The name of the task's coroutine function, remembered from its first sight."""
        return self._coro_names.get(self.id_of(task), "?")

    def known(self, task: Any) -> bool:
        return task in self._ids

    def get(self, task_id: str) -> Any:
        return self._tasks.get(task_id)

    def tasks(self) -> list[Any]:
        return list(self._tasks.values())

    @property
    def count(self) -> int:
        return self._count


# -- frames and chains ------------------------------------------------------------------------


def _frame_of(obj: Any) -> Any:
    for attr in ("cr_frame", "gi_frame", "ag_frame"):
        frame = getattr(obj, attr, None)
        if frame is not None:
            return frame
    return None


def _awaited_by(obj: Any) -> Any:
    for attr in ("cr_await", "gi_yieldfrom", "ag_await"):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    return None


def task_coro(task: Any) -> Any:
    """A pending task's coroutine; None once it is done.

    Never ask a done task: CPython 3.12.0-3.12.2 crash (SIGSEGV) in ``get_coro()`` on an eager
    task that finished inside ``create_task``, whose coroutine field was cleared."""
    if task.done():
        return None
    return task.get_coro()


def not_started(coro: Any) -> bool:
    """A coroutine that has not run its first step yet."""
    return inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED


def await_chain(task: Any) -> list[Any]:
    """The frames of a task's await chain, outermost first (empty once it finished)."""
    frames = []
    obj = task_coro(task)
    depth = 0
    while obj is not None and depth < 200:
        frame = _frame_of(obj)
        if frame is None:
            break
        frames.append(frame)
        obj = _awaited_by(obj)
        depth += 1
    return frames


def frame_info(frame: Any) -> dict[str, Any]:
    code = frame.f_code
    line = frame.f_lineno or code.co_firstlineno
    return {
        "file": code.co_filename,
        "line": line,
        "function": getattr(code, "co_qualname", code.co_name),
        "source": source_line(code.co_filename, line),
        "user": is_user_file(code.co_filename),
    }


def user_frame(frames: list[Any]) -> Any:
    """The innermost frame of user code, else the outermost frame, else None."""
    for frame in reversed(frames):
        if is_user_file(frame.f_code.co_filename):
            return frame
    return frames[0] if frames else None


def task_location(task: Any, frames: list[Any] | None = None) -> tuple[str | None, int | None]:
    """(file, line) where a task is suspended, in user code where possible.

    ``frames``: its await chain, when the caller walked it already."""
    frame = user_frame(await_chain(task) if frames is None else frames)
    if frame is None:
        return None, None
    return frame.f_code.co_filename, frame.f_lineno or frame.f_code.co_firstlineno


# -- what a task waits for, in words ----------------------------------------------------------


def _fmt_num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


class Describer:
    """Turns futures, handles and frames into the short phrases shown to the user."""

    def __init__(self, registry: TaskRegistry, loop: Any, origin: float) -> None:
        self.registry = registry
        self.loop = loop
        #: Loop time that is shown as t=0.
        self.origin = origin
        #: Set by ``awaiting``: the phrase it returned may change while the task does not run
        #: (``gather(2 tasks, 1 done)``, ``Queue.join() (3 unfinished)``, a future's timer), so
        #: a cached description of the task must be made again at every pause.
        self.volatile = False
        #: ``id(first argument)`` -> timer, built once on demand (``_timer_for``).
        self._timers_by_arg: dict[int, Any] | None = None

    def t(self, when: float) -> float:
        return round(when - self.origin, 6)

    def task_label(self, task: Any) -> str:
        return f"task {task.get_name()}"

    def future(self, fut: Any) -> str:
        if isinstance(fut, TASK_TYPES):
            return self.task_label(fut)
        children = getattr(fut, "_children", None)
        if children is not None:  # asyncio.gather's _GatheringFuture
            self.volatile = True
            done = sum(map(_done, children))  # in C: a gather of 10,000 at every pause
            return f"gather({len(children)} tasks, {done} done)"
        func = getattr(fut, "_loopscope_func", None)
        if func is not None:
            return f"thread: {callable_name(func)}()"
        self.volatile = True  # gather counts, a timer that may come or go
        timer = self._timer_for(fut)
        if timer is not None:
            return f"future (timer at t={self.t(timer.when()):g})"
        return "Future"

    def _timer_for(self, fut: Any) -> Any:
        index = self._timers_by_arg
        if index is None:
            # Keyed by identity, never ``in``/``==``: that would call the program's __eq__.
            index = self._timers_by_arg = {}
            for handle in self.loop._scheduled:
                args = handle._args
                if args and not handle._cancelled:
                    index.setdefault(id(args[0]), handle)
        return index.get(id(fut))

    def awaiting(self, task: Any, frames: list[Any]) -> str:
        self.volatile = False
        if task.done():
            return ""
        # The first library frame directly below the innermost user frame says most.
        lib_frame = None
        seen_user = False
        for frame in frames:
            if is_user_file(frame.f_code.co_filename):
                seen_user, lib_frame = True, None
            elif lib_frame is None and (seen_user or frame is frames[0]):
                lib_frame = frame
            elif lib_frame is not None and getattr(lib_frame.f_code, "co_qualname", "") == (
                    "_ContextManagerMixin.__aenter__"):
                lib_frame = frame  # ``async with lock:``: the acquire() below says more
        waiter = getattr(task, "_fut_waiter", None)
        if lib_frame is not None and lib_frame is not frames[0] or (
            lib_frame is not None and not seen_user
        ):
            phrase = self._library_call(lib_frame, waiter)
            if phrase:
                return phrase
        if waiter is not None:
            return self.future(waiter)
        coro = task_coro(task)
        if inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
            return "not started"
        return "ready" if not frames else "sleep(0)"

    def _library_call(self, frame: Any, waiter: Any) -> str:
        name = getattr(frame.f_code, "co_qualname", frame.f_code.co_name)
        local = frame.f_locals
        this = local.get("self")
        if name == "sleep":
            delay = local.get("delay")
            handle = local.get("h")
            if handle is not None:
                return f"sleep({_fmt_num(delay)}) until t={self.t(handle.when()):g}"
            return f"sleep({_fmt_num(delay)})"
        if name in ("Queue.get", "Queue.put", "Queue.join"):
            kind = type(this).__name__ if this is not None else "Queue"
            verb = name.split(".")[1]
            extra = ""
            if verb == "join" and this is not None:
                self.volatile = True
                extra = f" ({this._unfinished_tasks} unfinished)"
            return f"{kind}.{verb}(){extra}"
        if name in ("TaskGroup.__aexit__", "TaskGroup._aexit"):
            count = len(getattr(this, "_tasks", ()) or ())
            self.volatile = True
            return f"TaskGroup({count} tasks)"
        if name == "wait_for":
            self.volatile = True
            inner = waiter
            what = self.future(inner) if inner is not None else "?"
            return f"wait_for({what}, timeout={_fmt_num(local.get('timeout'))})"
        if name in ("wait", "_wait"):
            fs = local.get("fs") or ()
            return f"wait({len(fs)} tasks)"
        if name == "to_thread":
            return self.future(waiter) if waiter is not None else "to_thread()"
        if name.startswith("StreamReader."):
            return "stream read"
        if name.startswith("StreamWriter."):
            return "stream drain"
        if name.startswith(("BaseSelectorEventLoop.sock_", "_UnixSelectorEventLoop.sock_")):
            sock = local.get("sock")
            fd = sock.fileno() if sock is not None else "?"
            op = name.rsplit(".", 1)[1]
            direction = "write" if op in ("sock_sendall", "sock_sendto", "sock_connect") else "read"
            return f"socket {direction} fd {fd}"
        if name.startswith(("Event.", "Lock.", "Condition.", "Semaphore.", "BoundedSemaphore.",
                            "Barrier.")):
            return f"{name}()"
        if name.startswith("BaseEventLoop.") or name.startswith("_"):
            return ""
        return f"{name}()"

    def woken_by(self, handle: Any) -> str:
        """Why a handle that ``handle`` appended to the ready queue is there."""
        name = getattr(handle._callback, "__qualname__", "")
        if name == "_set_result_unless_cancelled":
            when = getattr(handle, "when", None)
            return f"timer fired at t={self.t(when()):g}" if when else "timer fired"
        if hasattr(handle, "when"):
            return f"call_later callback {self.callback(handle)} ran"
        return f"callback {self.callback(handle)} ran"

    def callback(self, handle: Any) -> str:
        cb = handle._callback
        owner = getattr(cb, "__self__", None)
        if isinstance(owner, TASK_TYPES):
            return f"step {owner.get_name()}"
        name = getattr(cb, "__qualname__", None) or type(cb).__name__
        if name == "_set_result_unless_cancelled":
            return "wake sleeper"
        return f"{name}()"


# -- the snapshot -----------------------------------------------------------------------------


def _ready_task(handle: Any) -> Any:
    owner = getattr(handle._callback, "__self__", None)
    return owner if isinstance(owner, TASK_TYPES) else None


def peek_exception(task: Any) -> BaseException | None:
    """A done task's exception, without marking it retrieved.

    ``Task.exception()`` would clear ``_log_traceback``, and asyncio would then never print
    "Task exception was never retrieved" for it: looking must not change what the program does."""
    return getattr(task, "_exception", None)


def task_state(task: Any, ready_ids: Any) -> str:
    if task.done():
        if task.cancelled():
            return "cancelled"
        return "failed" if peek_exception(task) is not None else "done"
    if id(task) in ready_ids:
        return "ready"
    return "waiting"


def ready_entries(
    loop: Any, registry: TaskRegistry, describe: Describer, next_handle: Any,
    why: dict[int, tuple[Any, str]], cache: dict[int, tuple[Any, dict[str, Any]]] | None = None,
) -> tuple[list[dict[str, Any]], dict[int, Any]]:
    """The ready queue in run order (``next_handle`` first), and ``id(task)`` -> task of the
    tasks in it. ``cache``: ``id(handle)`` -> (handle, entry) of the last call, reused for a
    handle still queued (its entry only changes when it becomes the next one), and refilled."""
    handles: list[Any] = [next_handle] if next_handle is not None else []
    handles.extend(h for h in loop._ready if not h._cancelled)
    ready_tasks: dict[int, Any] = {}
    ready: list[dict[str, Any]] = []
    old = cache.copy() if cache is not None else {}
    if cache is not None:
        cache.clear()
    for index, handle in enumerate(handles):
        task = _ready_task(handle)
        if task is not None:
            ready_tasks[id(task)] = task
        first = index == 0 and next_handle is not None
        hit = old.get(id(handle))
        if hit is not None and hit[0] is handle and hit[1]["next"] == first:
            entry = hit[1]
        else:
            entry = ready_entry(handle, task, first, registry, describe, why)
        if cache is not None:
            cache[id(handle)] = (handle, entry)
        ready.append(entry)
    return ready, ready_tasks


def ready_entry(handle: Any, task: Any, first: bool, registry: TaskRegistry,
                describe: Describer, why: dict[int, tuple[Any, str]]) -> dict[str, Any]:
    reason = why.get(id(handle), (None, ""))[1] or _default_why(handle, task, describe.origin)
    entry: dict[str, Any] = {"what": describe.callback(handle), "why": reason, "next": first}
    if task is not None:
        entry.update(kind="task", task_id=registry.id_of(task), task=task.get_name())
    else:
        entry.update(kind="callback")
    return entry


def next_task(next_handle: Any) -> Any:
    """The task whose step ``next_handle`` is, else None."""
    return _ready_task(next_handle) if next_handle is not None else None


def task_entry(task: Any, registry: TaskRegistry, describe: Describer, ready_ids: Any,
               upcoming: Any) -> dict[str, Any]:
    """One task as a snapshot lists it; ``describe.volatile`` says afterwards whether the
    entry may change while the task does not run."""
    frames = await_chain(task)
    top = user_frame(frames)
    info = frame_info(top) if top is not None else {}
    waiter = getattr(task, "_fut_waiter", None)
    entry = {
        "id": registry.id_of(task),
        "name": task.get_name(),
        "coro": registry.coro_name(task),
        "state": task_state(task, ready_ids),
        "file": info.get("file"),
        "line": info.get("line"),
        "function": info.get("function"),
        "source": info.get("source"),
        "chain": [frame_info(f) for f in frames],
        "awaiting": describe.awaiting(task, frames),
        "next": upcoming is task,
    }
    if waiter is not None and isinstance(waiter, TASK_TYPES):
        entry["awaiting_task_id"] = registry.id_of(waiter)
    if task.done():
        entry["outcome"] = describe_outcome(task)
    if registry.internal(task):
        entry["internal"] = True
    return entry


def listed(task: Any, loop: Any) -> bool:
    """Whether a snapshot of ``loop`` lists ``task``: pending on this loop, or done."""
    if task.done():
        return True
    return not loop.is_closed() and asyncio.futures._get_loop(task) is loop  # type: ignore[attr-defined]


def timer_entry(handle: Any, describe: Describer, sleeper: Any) -> dict[str, Any]:
    """One pending timer without its ``left`` (that follows from ``when`` and ``t``)."""
    if sleeper is not None:
        what, task_id = f"task {sleeper.get_name()}", describe.registry.id_of(sleeper)
    else:
        what, task_id = describe.callback(handle), None
    return {"when": describe.t(handle.when()), "what": what, "task_id": task_id}


def with_left(core: dict[str, Any], t: float) -> dict[str, Any]:
    """A timer entry as a snapshot shows it: seconds ``left`` until it is due at time ``t``.

    Computed from the rounded ``when`` and ``t``, so that a front end rebuilding a snapshot
    from a delta (which leaves ``left`` out) gets exactly the same number."""
    return {"when": core["when"], "left": round(max(0.0, core["when"] - t), 6),
            "what": core["what"], "task_id": core["task_id"]}


def io_entries(loop: Any, describe: Describer) -> list[dict[str, Any]]:
    io = []
    own = loop._ssock.fileno() if loop._ssock is not None else None
    selector = loop._selector  # None once the loop is closed
    for key in list(selector.get_map().values()) if selector is not None else []:
        if key.fd == own:
            continue
        reader, writer = key.data
        for direction, handle in (("read", reader), ("write", writer)):
            if handle is None or handle._cancelled:
                continue
            io.append({"fd": key.fd, "direction": direction, "what": describe.callback(handle)})
    return io


def build(
    loop: Any,
    registry: TaskRegistry,
    *,
    origin: float,
    step: int,
    switches: int,
    next_handle: Any = None,
    why: dict[int, tuple[Any, str]] | None = None,
    last: dict[str, Any] | None = None,
    clock: str = "virtual",
) -> dict[str, Any]:
    """The snapshot of ``loop`` now, with ``next_handle`` (already popped) about to run.

    Everything is described afresh; ``incremental.Snapshots`` gives the same result at each
    pause while describing again only what may have changed."""
    describe = Describer(registry, loop, origin)
    ready, ready_tasks = ready_entries(loop, registry, describe, next_handle, why or {})
    upcoming = next_task(next_handle)

    live = set(asyncio.all_tasks(loop)) if not loop.is_closed() else set()
    for task in live:
        registry.id_of(task)
    waiter_of: dict[int, Any] = {}
    tasks_out = []
    for task in sorted(
        (t for t in registry.tasks() if t in live or t.done()), key=lambda t: _serial(registry, t)
    ):
        waiter = getattr(task, "_fut_waiter", None)
        if waiter is not None:
            waiter_of[id(waiter)] = task
        tasks_out.append(task_entry(task, registry, describe, ready_tasks, upcoming))
    listed_ids = {entry["id"] for entry in tasks_out}
    tasks_out.extend(record for tid, record in registry.done_records.items()
                     if tid not in listed_ids)
    tasks_out.sort(key=lambda entry: int(entry["id"][1:]))

    t = round(loop.time() - origin, 6)
    timers = []
    for handle in sorted(h for h in loop._scheduled if not h._cancelled):
        args = handle._args
        sleeper = waiter_of.get(id(args[0])) if args else None
        timers.append(with_left(timer_entry(handle, describe, sleeper), t))

    return {
        "step": step,
        "switches": switches,
        "t": t,
        "clock": clock,
        "tasks": tasks_out,
        "ready": ready,
        "timers": timers,
        "io": io_entries(loop, describe),
        "executor_pending": getattr(loop, "_executor_pending", 0),
        "last": last,
    }


def _serial(registry: TaskRegistry, task: Any) -> int:
    return int(registry.id_of(task)[1:])


def coro_name(coro: Any) -> str:
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    if code is not None:
        return str(getattr(code, "co_qualname", code.co_name))
    return type(coro).__name__


def describe_outcome(task: Any) -> str:
    if task.cancelled():
        return "cancelled"
    exc = peek_exception(task)
    if exc is not None:
        return f"{type(exc).__name__}: {exc}"
    return f"returned {_short_repr(task.result())}"


def _short_repr(value: Any, limit: int = 60) -> str:
    try:
        text = repr(value)
    except Exception:  # a user's __repr__ may raise
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _default_why(handle: Any, task: Any, origin: float = 0.0) -> str:
    when = getattr(handle, "_when", None)
    if when is not None:  # a TimerHandle that fell due: moved to the ready queue by the loop
        return f"timer due at t={round(when - origin, 6):g}"
    if task is not None:
        cb = handle._callback
        name = getattr(cb, "__name__", "") or type(cb).__name__
        if "wakeup" in name and handle._args:
            fut = handle._args[0]
            if isinstance(fut, TASK_TYPES):
                return f"task {fut.get_name()} finished"
            return "the future it awaited is done"
        return "call_soon"
    return "call_soon"
