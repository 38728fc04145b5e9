"""I/O and threads: what outside the loop's thread can wake it, and which task waits for it.

A snapshot's ``io`` list says which file descriptors the selector watches; a server with three
clients needs more: which socket each one is (local and peer address), and *which task* is
parked on it. asyncio keeps no such map, so this module rebuilds it at a pause point, read only:

* **file descriptors**: each selector key holds a reader and a writer handle. The handle's
  callback leads to the waiter: a future among its arguments (``sock_recv`` and friends), or,
  for a transport's ``_read_ready``/``_write_ready``, the futures of its protocol (a
  ``StreamReader``'s ``_waiter``, the drain waiters). A future leads to the task whose
  ``_fut_waiter`` it is. When that finds nobody, a task whose user frames hold the socket, the
  transport or the stream is named instead. The address comes from a ``dup`` of the descriptor
  (the program's socket object is never touched), so it works whatever registered it.
* **subprocesses**: found through what watches them: their pipe transports' protocols, the
  child watcher's pidfd reader (3.12+) or its ``waitpid`` thread (3.11): pid, command, return
  code, the task waiting for its exit.
* **executor jobs**: a worker thread running ``_WorkItem.run`` holds the concurrent future; its
  done-callback (``_call_set_state``) holds the asyncio future a task awaits. The thread's name
  and the user line it is on come with it. The work item is told by its class, not by the
  frame's name alone: since 3.14 ``_WorkItem.run`` calls ``WorkerContext.run`` (another ``run``
  of the same file, whose ``self`` is no work item), and the item keeps
  ``task=(fn, args, kwargs)`` where 3.11-3.13 kept ``fn``.
* **signal handlers**: the loop's own table.

Everything here is plain data for the snapshot's ``io_detail`` section and costs nothing until a
snapshot is taken; even then no task's frames are walked unless a descriptor's waiter is not
found the direct way, so 10,000 sleeping tasks add one pass over their waiters, no more.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import stat
import sys
import threading
from typing import Any

from .loop import TASK_TYPES
from .snapshot import TaskRegistry, await_chain, is_user_file


def io_detail(loop: Any, registry: TaskRegistry) -> dict[str, Any]:
    """The ``io_detail`` section of a snapshot (see ``docs/protocol.md``)."""
    if loop.is_closed() or loop._selector is None:
        return {"fds": [], "subprocesses": [], "threads": [], "signals": []}
    ctx = _Context(registry, loop)
    return {
        "fds": _fds(loop, ctx),
        "subprocesses": _subprocesses(loop, ctx),
        "threads": _threads(ctx),
        "signals": _signals(loop),
    }


class _Context:
    """What the lookups share; the tasks are listed only once something needs them (a loop
    with no descriptor, thread job or child to describe costs nothing per task)."""

    def __init__(self, registry: TaskRegistry, loop: Any) -> None:
        self.registry = registry
        self.loop = loop
        self._pending: list[Any] | None = None
        self._waiter_of: dict[int, Any] | None = None
        self._frames: dict[int, list[Any]] | None = None

    @property
    def pending(self) -> list[Any]:
        if self._pending is None:
            self._pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        return self._pending

    @property
    def waiter_of(self) -> dict[int, Any]:
        if self._waiter_of is None:
            self._waiter_of = {id(w): t for t in self.pending
                               if (w := getattr(t, "_fut_waiter", None)) is not None}
        return self._waiter_of

    def frames(self, task: Any) -> list[Any]:
        """A task's await chain; every chain is walked once, and only if someone asks."""
        if self._frames is None:
            self._frames = {id(t): await_chain(t) for t in self.pending}
        return self._frames.get(id(task), [])

    def who(self, task: Any, waiting: bool = True) -> dict[str, Any]:
        """The task fields of an entry; ``waiting`` false when the task only holds the object
        (it waits for something else now)."""
        if task is None:
            return {"task_id": None, "task": None, "waiting": False}
        return {"task_id": self.registry.id_of(task), "task": task.get_name(),
                "waiting": waiting}

    def waiting_on(self, futures: list[Any]) -> Any:
        for fut in futures:
            if isinstance(fut, TASK_TYPES):
                continue
            task = self.waiter_of.get(id(fut))
            if task is not None:
                return task
        return None

    def holding(self, *objects: Any) -> Any:
        """The first task whose user frames hold one of ``objects`` (a local, or an attribute
        of a local)."""
        wanted = {id(o) for o in objects if o is not None}
        if not wanted:
            return None
        for task in self.pending:
            for frame in self.frames(task):
                if not is_user_file(frame.f_code.co_filename):
                    continue
                for value in list(frame.f_locals.values()):
                    if id(value) in wanted:
                        return task
                    attrs = getattr(value, "__dict__", None)
                    if isinstance(attrs, dict) and not isinstance(value, type) and any(
                            id(v) in wanted for v in list(attrs.values())):
                        return task
        return None


# -- file descriptors ------------------------------------------------------------------------


def _fds(loop: Any, ctx: _Context) -> list[dict[str, Any]]:
    own = loop._ssock.fileno() if loop._ssock is not None else None
    out = []
    for key in sorted(loop._selector.get_map().values(), key=lambda k: k.fd):
        if key.fd == own:
            continue
        reader, writer = key.data
        for direction, handle in (("read", reader), ("write", writer)):
            if handle is None or handle._cancelled:
                continue
            entry: dict[str, Any] = {"fd": key.fd, "direction": direction}
            entry.update(_describe_fd(key.fd))
            role, task, waiting = _waiter(handle, ctx)
            if role.startswith("exit of pid"):
                entry["kind"] = "pidfd"
            entry["role"] = role
            entry.update(ctx.who(task, waiting))
            out.append(entry)
    return out


def _describe_fd(fd: int) -> dict[str, Any]:
    """``kind`` (socket, pipe, file), and a socket's ``local``/``peer`` addresses."""
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return {"kind": "closed", "local": None, "peer": None}
    if stat.S_ISFIFO(mode):
        return {"kind": "pipe", "local": None, "peer": None}
    if not stat.S_ISSOCK(mode):
        return {"kind": "file", "local": None, "peer": None}
    local = peer = None
    try:
        dup = socket.socket(fileno=os.dup(fd))  # a copy: the program's socket stays untouched
    except OSError:
        return {"kind": "socket", "local": None, "peer": None}
    family = {socket.AF_UNIX: "unix", socket.AF_INET: "inet", socket.AF_INET6: "inet6"}.get(
        dup.family, str(dup.family))
    try:
        local = _address(dup.getsockname())
        try:
            peer = _address(dup.getpeername())
        except OSError:
            peer = None  # listening, or not connected yet
    except OSError:
        pass
    finally:
        dup.close()
    return {"kind": "socket", "family": family, "local": local, "peer": peer}


def _address(addr: Any) -> str | None:
    if isinstance(addr, tuple) and len(addr) >= 2:
        host = addr[0]
        return f"[{host}]:{addr[1]}" if ":" in str(host) else f"{host}:{addr[1]}"
    if isinstance(addr, bytes):
        addr = addr.decode(errors="replace")
    return str(addr) if addr else None


def _waiter(handle: Any, ctx: _Context) -> tuple[str, Any, bool]:
    """What the fd is to the program (``role``), the task waiting on it (else one holding
    it), and whether that task waits on it."""
    callback = handle._callback
    name = getattr(callback, "__name__", "") or type(callback).__name__
    args: tuple[Any, ...] = tuple(handle._args or ())
    futures = [a for a in args if isinstance(a, asyncio.Future)]
    if futures:  # loop.sock_recv / sock_sendall / sock_connect / sock_accept
        return name.lstrip("_"), *_found(ctx, futures, args)
    if name == "_do_wait" and args:  # 3.12+: PidfdChildWatcher waits for a child's exit
        proc = _watched(args[3] if len(args) > 3 else ())
        waiters = list(getattr(proc, "_exit_waiters", None) or ())
        return f"exit of pid {args[0]}", *_found(ctx, waiters, ())
    if name == "_accept_connection":
        sock = args[1] if len(args) > 1 else None
        server = args[3] if len(args) > 3 else None
        waiter = getattr(server, "_serving_forever_fut", None)
        return "listening", *_found(ctx, [waiter] if waiter is not None else [],
                                    (server, sock))
    transport = getattr(callback, "__self__", None)
    protocol = getattr(transport, "_protocol", None)
    if transport is None or protocol is None:
        return name.lstrip("_"), None, False
    futures, streams = _protocol_futures(protocol, transport)
    task, waiting = _found(ctx, futures, (transport, *streams))
    proc = getattr(protocol, "proc", None)
    if proc is not None:  # a subprocess pipe
        stream = {0: "stdin", 1: "stdout", 2: "stderr"}.get(getattr(protocol, "fd", -1), "pipe")
        return f"{stream} of pid {getattr(proc, '_pid', '?')}", task, waiting
    return "stream", task, waiting


def _found(ctx: _Context, futures: list[Any], held: Any) -> tuple[Any, bool]:
    task = ctx.waiting_on(futures)
    if task is not None:
        return task, True
    return ctx.holding(*held), False


def _protocol_futures(protocol: Any, transport: Any) -> tuple[list[Any], list[Any]]:
    """The futures a transport's protocol resolves when data comes, and its streams."""
    futures: list[Any] = []
    streams: list[Any] = []
    reader = getattr(protocol, "_stream_reader", None)
    if reader is not None:
        streams.append(reader)
    writer = getattr(protocol, "_stream_writer", None)
    if writer is not None:
        streams.append(writer)
    proc = getattr(protocol, "proc", None)
    outer = getattr(proc, "_protocol", None)  # SubprocessStreamProtocol
    fd = getattr(protocol, "fd", None)
    if outer is not None:
        stream = {1: getattr(outer, "stdout", None), 2: getattr(outer, "stderr", None)}.get(
            fd if isinstance(fd, int) else -1)
        if stream is not None:
            streams.append(stream)
        if fd == 0 and getattr(outer, "stdin", None) is not None:
            streams.append(outer.stdin)
            futures.extend(_drain_waiters(outer))
    for stream in streams:
        waiter = getattr(stream, "_waiter", None)
        if waiter is not None:
            futures.append(waiter)
    futures.extend(_drain_waiters(protocol))
    return futures, streams


def _drain_waiters(protocol: Any) -> list[Any]:
    waiters = getattr(protocol, "_drain_waiters", None)  # 3.12+: a deque
    if waiters is not None:
        return list(waiters)
    waiter = getattr(protocol, "_drain_waiter", None)  # 3.11
    return [waiter] if waiter is not None else []


# -- subprocesses ------------------------------------------------------------------------------


def _subprocesses(loop: Any, ctx: _Context) -> list[dict[str, Any]]:
    found: dict[int, Any] = {}

    def add(proc: Any) -> None:
        if proc is not None and hasattr(proc, "_pid") and hasattr(proc, "_exit_waiters"):
            found[id(proc)] = proc

    for key in loop._selector.get_map().values():
        for handle in key.data:
            if handle is None:
                continue
            transport = getattr(handle._callback, "__self__", None)
            add(getattr(getattr(transport, "_protocol", None), "proc", None))
            if getattr(handle._callback, "__name__", "") == "_do_wait":  # pidfd watcher, 3.12+
                add(_watched(handle._args[3] if len(handle._args) > 3 else ()))
    for thread in threading.enumerate():  # ThreadedChildWatcher: a waitpid thread per child
        target = getattr(thread, "_target", None)
        if getattr(target, "__name__", "") == "_do_waitpid":
            args: tuple[Any, ...] = tuple(getattr(thread, "_args", ()))
            add(_watched(args[3] if len(args) > 3 else ()))
    out = []
    for proc in sorted(found.values(), key=lambda p: p._pid or 0):
        popen = getattr(proc, "_proc", None)
        argv = getattr(popen, "args", None)
        command = argv if isinstance(argv, str) else " ".join(map(str, argv or ()))
        task = ctx.waiting_on(list(getattr(proc, "_exit_waiters", None) or ()))
        entry = {"pid": proc._pid, "command": command, "returncode": proc._returncode}
        entry.update(ctx.who(task))
        out.append(entry)
    return out


def _watched(callback_args: Any) -> Any:
    """The subprocess transport among a child watcher callback's arguments."""
    for arg in callback_args if isinstance(callback_args, tuple) else ():
        if hasattr(arg, "_exit_waiters"):
            return arg
    return None


# -- executor threads --------------------------------------------------------------------------

_THREAD_PY = os.path.join("concurrent", "futures", "thread.py")


def _threads(ctx: _Context) -> list[dict[str, Any]]:
    """Executor jobs running now: the thread, the function, its user line, the task."""
    # Not imported here: if the program never made a thread pool, no job can be running, and
    # looking must not load modules the program did not.
    module = sys.modules.get("concurrent.futures.thread")
    work_item = getattr(module, "_WorkItem", None)
    if not isinstance(work_item, type):
        return []
    names = {t.ident: t.name for t in threading.enumerate()}
    out = []
    for ident, frame in sorted(sys._current_frames().items(), key=lambda i: names.get(i[0], "")):
        item = _work_item(frame, work_item)
        if item is None:
            continue
        func = _job_function(item)
        inner = getattr(func, "args", None)
        if getattr(func, "func", None) is not None and inner:  # to_thread: partial(ctx.run, f)
            func = inner[0]
        user = _user_frame(frame)
        entry: dict[str, Any] = {
            "thread": names.get(ident, str(ident)),
            "what": f"{getattr(func, '__qualname__', type(func).__name__)}()",
            "file": user.f_code.co_filename if user is not None else None,
            "line": user.f_lineno if user is not None else None,
        }
        entry.update(ctx.who(ctx.waiting_on(_asyncio_futures_of(item.future))))
        out.append(entry)
    return out


def _work_item(frame: Any, work_item: type) -> Any:
    """The ``_WorkItem`` whose ``run`` is on this thread's stack, else None (an idle worker, or
    not an executor thread). Since 3.14 two frames of ``concurrent/futures/thread.py`` are
    named ``run`` there (``_WorkItem.run`` calls ``WorkerContext.run``, the inner one): only
    the work item's own ``self`` says which. The file is checked first, so no other frame's
    locals are read."""
    while frame is not None:
        code = frame.f_code
        if code.co_name == "run" and code.co_filename.endswith(_THREAD_PY):
            item = frame.f_locals.get("self")
            if isinstance(item, work_item):
                return item
        frame = frame.f_back
    return None


def _job_function(item: Any) -> Any:
    """The callable an executor job runs, as ``submit`` was given it."""
    if sys.version_info >= (3, 14):
        # _WorkItem(future, task): task is what the executor's WorkerContext.prepare resolved
        # (fn, args, kwargs) into; a thread pool keeps the tuple as it is. An interpreter pool
        # on 3.14 keeps the same tuple; anything else is named by its type.
        task = getattr(item, "task", None)
        return task[0] if isinstance(task, tuple) and task else task
    return item.fn  # 3.11-3.13: _WorkItem(future, fn, args, kwargs)


def _user_frame(frame: Any) -> Any:
    while frame is not None:
        if is_user_file(frame.f_code.co_filename):
            return frame
        frame = frame.f_back
    return None


def _asyncio_futures_of(concurrent_future: Any) -> list[Any]:
    """The asyncio futures chained to a concurrent one (``wrap_future``'s callback cells)."""
    out = []
    for callback in list(getattr(concurrent_future, "_done_callbacks", None) or ()):
        for cell in getattr(callback, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, asyncio.Future):
                out.append(value)
    return out


# -- signals -----------------------------------------------------------------------------------


def _signals(loop: Any) -> list[dict[str, Any]]:
    out = []
    for number, handle in sorted((getattr(loop, "_signal_handlers", None) or {}).items()):
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = str(number)
        callback = handle._callback
        what = getattr(callback, "__qualname__", None) or type(callback).__name__
        out.append({"signal": name, "what": f"{what}()"})
    return out


__all__ = ["io_detail"]
