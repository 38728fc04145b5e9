"""The debuggee's main program: run the user's script under the stepping engine.

A front end starts ``python -c <bootstrap> --events-fd W --commands-fd R ... SCRIPT ARGS`` (see
``loopscope.session``) and from then on this process belongs to the user's program: it becomes
``__main__``, gets the script's ``sys.argv`` and ``sys.path[0]``, and its exit status is the
script's. Around it, loopscope keeps three things of its own:

* the **channel**: two pipes that are not the script's stdin/stdout. Events go out as JSON lines
  (``protocol.encode``) under a lock, since the watchdog writes too; commands come in on a reader
  thread, so that ``pause`` lands as a flag between two handles and never as a signal in the middle
  of one (a SIGINT would hit ``asyncio.Runner``'s handler instead).
* **output**: ``sys.stdout``/``sys.stderr`` become streams that send each write as an ``output``
  event, so the program's prints stay in order with the switches; bytes written to file
  descriptors 1 and 2 directly still reach the real pipes, which the front end reads too.
* the **watchdog**: a thread that notices when one handle holds the loop longer than ``--slow``
  and reports where the loop's thread is stuck, while it is stuck.

Everything here imports only the standard library (``tests/engine/test_engine_imports.py``).
"""

from __future__ import annotations

import argparse
import atexit

# Imported before the time patch: these bind time.monotonic at import and must keep real time.
import concurrent.futures  # noqa: F401
import io
import os
import queue
import random
import runpy
import selectors  # noqa: F401
import signal
import socket  # noqa: F401
import subprocess  # noqa: F401
import sys
import threading
import weakref
from typing import Any

from .. import protocol
from . import children, foreign_loops, own_frames, own_threads, snapshot, waitgraph
from .clock import TimePatch, VirtualClock, real_monotonic, real_sleep
from .loop import DeadlockError, Session, install_factories, uninstall_factories
from .stepper import Stepper, TimeLimitReached, thread_location

#: Bytes of events held before they are written (a pause, a line of output, a report of a
#: blocked loop write at once).
EVENTS_BUFFER = 256 * 1024


def _identity(fd: int) -> tuple[int, int] | None:
    """What the descriptor ``fd`` is open on (device, inode), or None if it is not open."""
    try:
        st = os.fstat(fd)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class PipeChannel:
    """Events out on one file descriptor, commands in on another.

    The descriptors are numbers in the program's table, and the program may close them (the
    daemon idiom ``os.closerange(3, 4096)``), after which the numbers are handed out again (to
    asyncio's self-pipe, first). So the channel checks, before each write and around each read,
    that a number still names the pipe it was given (``os.fstat``: device and inode), and never
    writes to or reads from anything else: the channel is then ``lost``. A lost channel sends
    nothing, answers every wait for a command with ``continue`` (the program runs to its end,
    its output on file descriptors 1 and 2), and leaves a line in ``lost_note`` (a file the
    front end named) so the front end can say what happened. Events are buffered here, not in
    a ``BufferedWriter``, so that nothing ever flushes them behind the check (a collected file
    object would), and a forked child drops the parent's without a write (``forget_in_child``).
    """

    def __init__(self, events_fd: int, commands_fd: int, lost_note: str | None = None) -> None:
        self._events_fd, self._commands_fd = events_fd, commands_fd
        self._events_id = _identity(events_fd)
        self._commands_id = _identity(commands_fd)
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self.commands: queue.Queue[dict[str, Any]] = queue.Queue()
        self.watchdog: Watchdog | None = None
        self.lost_note = lost_note
        #: The program closed or reused the descriptors (or this is a forked child): nothing is
        #: sent or read any more.
        self.lost = False
        #: This process is a child forked from the debuggee: the pipes were the parent's.
        self.detached = False

    def emit(self, message: dict[str, Any], flush: bool = False) -> None:
        self.send(message, flush)

    def send(self, message: dict[str, Any], flush: bool = False) -> bool:
        """``emit``, saying whether the message went out (buffered unless ``flush``): False if
        the channel is lost, and the message with it."""
        if self.lost:
            return False
        data = protocol.encode(message)
        with self._lock:
            if self.lost:
                return False
            self._buffer += data
            if flush or len(self._buffer) >= EVENTS_BUFFER:
                self._write_buffer()
            return not self.lost

    def flush(self) -> None:
        with self._lock:
            if not self.lost:
                self._write_buffer()

    def _write_buffer(self) -> None:
        """Write what is buffered (the lock held), to the events pipe and nothing else."""
        if not self._buffer:
            return
        if _identity(self._events_fd) != self._events_id:
            self._lose()
            return
        try:
            with memoryview(self._buffer) as view:
                done = 0
                while done < len(view):
                    done += os.write(self._events_fd, view[done:])
        except OSError as exc:
            if isinstance(exc, BrokenPipeError) or _identity(self._events_fd) == self._events_id:
                # The front end is gone: nobody will ever resume us.
                os._exit(70)
            self._lose()  # closed between the check and the write
            return
        self._buffer.clear()

    def _lose(self) -> None:
        """The descriptors are not ours any more: stop, and say so through the note."""
        if self.lost:
            return
        self.lost = True
        self._buffer.clear()
        note, self.lost_note = self.lost_note, None
        if note:
            try:
                fd = os.open(note, os.O_WRONLY | os.O_CLOEXEC)
                try:
                    os.write(fd, b"closed\n")
                finally:
                    os.close(fd)
            except OSError:
                pass
        self.commands.put({"kind": "continue"})  # a pause waiting for a command resumes

    def check(self) -> None:
        """Lose the channel now if a descriptor was closed (the watchdog asks at each tick, so
        that the front end hears of it while the program runs, even with nothing to send)."""
        if self.lost:
            return
        if (_identity(self._events_fd) != self._events_id
                or _identity(self._commands_fd) != self._commands_id):
            with self._lock:
                self._lose()

    def forget_in_child(self) -> None:
        """In a forked child (``children``): the pipes are the parent's. This process's copies
        are closed without a byte written (what is buffered is the parent's to send), and the
        channel is never used again. No lock is taken: a parent's thread may have held it."""
        self.detached = self.lost = True
        self.lost_note = None
        self._buffer = bytearray()
        self._lock = threading.Lock()
        for fd, ident in ((self._events_fd, self._events_id),
                          (self._commands_fd, self._commands_id)):
            if ident is not None and _identity(fd) == ident:
                try:
                    os.close(fd)
                except OSError:
                    pass

    def next_command(self) -> dict[str, Any]:
        self.flush()
        command = self.commands.get() if not self.lost else {"kind": "continue"}
        return command if not self.lost else {"kind": "continue"}

    def read_commands(self, stepper: Stepper) -> None:
        """Reader thread: ``pause`` and breakpoints act at once; the rest wait in the queue."""
        fd, ident = self._commands_fd, self._commands_id
        pending = b""
        while True:
            if _identity(fd) != ident:
                self.check()
                return
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = None
            if _identity(fd) != ident:
                # Closed while this thread waited in read(): what it read (if anything) may
                # come from whatever file has the number now, and is not a command.
                self.check()
                return
            if chunk is None:
                return  # an error reading our own pipe: no command can come any more
            if not chunk:
                # End of file: the front end closed the channel or died.
                os._exit(0)
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                self._command(line + b"\n", stepper)

    def _command(self, line: bytes, stepper: Stepper) -> None:
        try:
            command = protocol.decode(line, protocol.COMMANDS)
        except protocol.ProtocolError as exc:
            self.emit({"kind": "error", "message": f"bad command: {exc}"}, flush=True)
            return
        kind = command["kind"]
        if kind == "pause":
            if not stepper.paused:
                stepper.request_pause()
                if self.watchdog is not None:
                    _report_if_blocked(self, stepper, self.watchdog)
                loop = stepper.loop
                if loop is not None and loop._running_handle is None and not loop.is_closed():
                    # It may sit in select() for a socket that stays quiet: wake it the
                    # way call_soon_threadsafe does, so the pause lands now.
                    loop._write_to_self()
        elif kind == "set_breakpoints" and not stepper.paused:
            stepper.set_breakpoints(command)
        elif kind == "quit" and not stepper.paused:
            self.flush()
            os._exit(0)
        else:
            self.commands.put(command)


class OutputStream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` of the script: every write becomes an ``output`` event."""

    def __init__(self, channel: PipeChannel, stream: str, fd: int, stepper: Stepper) -> None:
        self._channel = channel
        self._stream = stream
        self._fd = fd
        self._stepper = stepper
        #: Text written since the last newline: sent as one event (a print() is two writes).
        self._pending: list[str] = []
        self.buffer = _BinaryOutput(self)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "strict" if self._stream == "stdout" else "backslashreplace"

    @property
    def name(self) -> str:
        return f"<{self._stream}>"

    @property
    def line_buffering(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fd

    def write(self, text: str) -> int:
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        if self.errors == "strict":
            text.encode("utf-8")  # raise in the program as a real stdout would
        else:
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
        self._pending.append(text)
        if "\n" in text:
            self.flush(through_newline=True)
        return len(text)

    def flush(self, through_newline: bool = False) -> None:
        """Send what was written as one ``output`` event (also at every step boundary).

        ``through_newline``: only up to the last newline; a partial line waits for the rest."""
        if not self._pending:
            return
        if self._channel.lost:
            self._write_through()
            return
        stepper = self._stepper
        if stepper._unreported and stepper.loop is not None:
            stepper._report_new(stepper.loop)  # tasks created before this output came first
        text = "".join(self._pending)
        self._pending.clear()
        if through_newline:
            cut = text.rfind("\n") + 1
            if cut < len(text):
                self._pending.append(text[cut:])
                text = text[:cut]
        if not self._channel.send({"kind": "output", "stream": self._stream, "text": text,
                                   "step": stepper.step}, flush=True):
            self._pending.insert(0, text)  # found lost by this very write: not sent
            self._write_through()
            return
        if stepper.interactive:
            stepper._step_output.append(text)

    def _write_through(self) -> None:
        """The channel is lost: the text goes to the real stream (file descriptor 1 or 2, which
        the front end reads too), so that the program's output is kept."""
        text = "".join(self._pending)
        self._pending.clear()
        real = sys.__stdout__ if self._stream == "stdout" else sys.__stderr__
        if real is None:
            os.write(self._fd, text.encode("utf-8", "backslashreplace"))
            return
        real.write(text)
        real.flush()

    def close(self) -> None:
        self.flush()
        super().close()


class _BinaryOutput(io.RawIOBase):
    def __init__(self, text: OutputStream) -> None:
        self._text = text

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._text.write(bytes(data).decode("utf-8", "replace"))
        return len(data)


#: While continuing, progress snapshots are spaced so that building and sending them costs at
#: most 1/PROGRESS_SHARE of the run: ten a second for a small program, fewer for a big one
#: (a snapshot of 1,000 tasks takes milliseconds, and continuing is about speed).
PROGRESS_SHARE = 50


def progress_every() -> float:
    """Seconds of real time between two progress snapshots while continuing (at least):
    ``LOOPSCOPE_PROGRESS_EVERY``, default 0.1. What a progress snapshot catches depends on
    when it is taken; tests that compare the screen after ``c`` set it high."""
    try:
        value = float(os.environ.get("LOOPSCOPE_PROGRESS_EVERY", "0.1"))
    except ValueError:
        return 0.1
    return value if value > 0 else 0.1


class Watchdog:
    """Reports a handle that holds the loop longer than ``slow`` seconds, while it does."""

    def __init__(self, channel: PipeChannel, stepper: Stepper, main_ident: int,
                 slow: float) -> None:
        self.channel, self.stepper, self.main_ident, self.slow = channel, stepper, main_ident, slow
        self.progress_every = progress_every()
        #: When the handle now running started, as far as the watchdog saw (real clock).
        self.running_since = real_monotonic()
        #: The ``blocked`` event sent for the handle now running, until it returns.
        self.reported: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self.run, name="loopscope-watchdog", daemon=True)
        #: Since when the loop's thread sits in the selector with file descriptors to watch,
        #: and whether that wait was reported (once per wait).
        self._io_since: float | None = None
        self._io_reported = False

    def run(self) -> None:
        # A weak reference: holding the handle would keep its task alive, and asyncio reports
        # "Task exception was never retrieved" only when a failed task is collected.
        seen: Any = None
        since = 0.0
        last_progress = real_monotonic()
        tick = min(0.05, self.slow / 2)
        loop: Any = None
        while True:
            loop = None  # not held while sleeping: a closed loop must be freed meanwhile
            real_sleep(tick)
            self.channel.check()
            loop = self.stepper.loop
            now = real_monotonic()
            clock = self.stepper.clock
            outside = clock.outside_since
            if (clock.virtual and outside is not None and clock.held_since is None
                    and now - outside >= self.slow):
                clock.held_since = outside  # no loop has run for a while: real time counts
            if self.stepper.run_mode == "continue" and self.stepper.interactive and (
                now - last_progress >= max(self.progress_every,
                                           self.stepper.progress_cost * PROGRESS_SHARE)
                and not self.stepper.paused
            ):
                last_progress = now
                self.stepper.request_progress()
            handle = getattr(loop, "_running_handle", None) if loop is not None else None
            if self.stepper.paused:
                handle = None  # a pause is not a block
            if handle is None and not self.stepper.paused and self.stepper.interactive:
                self._watch_io_wait(loop, now)
            else:
                self._io_since = None
            previous = seen() if seen is not None else None
            if handle is None or handle is not previous:
                self.finish(now)
                seen = weakref.ref(handle) if handle is not None else None
                since = self.running_since = now
                del handle, previous
                continue
            clock = self.stepper.clock
            if self.reported is None and now - since >= self.slow:
                if clock.virtual and clock.held_since is None:
                    # From now on virtual time follows real time, from when the handle began:
                    # a wait with a deadline on the loop's thread (``while monotonic() < end:
                    # cond.wait(end - monotonic())``) must see its deadline pass.
                    clock.held_since = since
                self.reported = self._describe(handle, now - since)
                self.channel.emit(self.reported, flush=True)
            del handle, previous

    def _watch_io_wait(self, loop: Any, now: float) -> None:
        """The loop's thread blocks in ``select`` on sockets or pipes: say so once (``io_wait``).

        Nothing else would tell the front end: no handle runs, so no progress snapshot comes."""
        frame = sys._current_frames().get(self.main_ident)
        selector = getattr(loop, "_selector", None)
        fds = len(selector.get_map()) - 1 if selector is not None else 0  # less the self-pipe
        waiting = (frame is not None and frame.f_code.co_name == "select"
                   and frame.f_code.co_filename.endswith("selectors.py") and fds > 0)
        del frame
        if not waiting:
            self._io_since, self._io_reported = None, False
        elif self._io_since is None:
            self._io_since = now
        elif not self._io_reported and now - self._io_since >= self.progress_every:
            self._io_reported = True
            self.channel.emit({"kind": "io_wait", "fds": fds,
                               "seconds": round(now - self._io_since, 3)}, flush=True)

    def finish(self, now: float | None = None) -> None:
        """The blocking handle returned (it may be collected already, or the program is
        exiting): say for how long it held the loop, with what was known while it blocked."""
        with self._lock:
            reported, self.reported = self.reported, None
        if reported is not None:
            now = real_monotonic() if now is None else now
            seconds = round(now - self.running_since, 3)
            if reported.get("task_id"):
                self.stepper.note_blocking(reported["task_id"], seconds)
            self.channel.emit({**reported, "ongoing": False, "seconds": seconds}, flush=True)

    def _describe(self, handle: Any, seconds: float) -> dict[str, Any]:
        """A ``blocked`` event (plain data) for the handle now holding the loop."""
        file, line = thread_location(self.main_ident)
        event: dict[str, Any] = {"kind": "blocked", "seconds": round(seconds, 3), "file": file,
                                 "line": line, "ongoing": True}
        event.update(_task_of(handle, self.stepper))
        return event


def _task_of(handle: Any, stepper: Stepper) -> dict[str, Any]:
    """The ``task``/``task_id`` fields for the task a handle steps (none for a callback)."""
    owner = getattr(handle._callback, "__self__", None)
    if owner is None or not hasattr(owner, "get_name"):
        return {}
    return {"task": owner.get_name(), "task_id": stepper.registry.id_of(owner)}


def _report_if_blocked(channel: PipeChannel, stepper: Stepper, watchdog: Watchdog) -> None:
    """``pause`` arrived while a handle runs: say at once where the loop is stuck."""
    loop = stepper.loop
    handle = getattr(loop, "_running_handle", None) if loop is not None else None
    if handle is None:
        return
    file, line = thread_location(threading.main_thread().ident or 0)
    seconds = round(real_monotonic() - watchdog.running_since, 3)
    event: dict[str, Any] = {"kind": "blocked", "seconds": seconds, "file": file, "line": line,
                             "ongoing": True, "on_pause": True}
    event.update(_task_of(handle, stepper))
    channel.emit(event, flush=True)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="loopscope-agent")
    parser.add_argument("--events-fd", type=int, required=True)
    parser.add_argument("--commands-fd", type=int, required=True)
    parser.add_argument("--lost-note", default=None)
    parser.add_argument("--mode", choices=["interactive", "trace", "summary"], default="trace")
    parser.add_argument("--clock", choices=["virtual", "real"], default="virtual")
    parser.add_argument("--slow", type=float, default=0.1)
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--output", choices=["events", "inherit"], default="events")
    parser.add_argument("--break", dest="breaks", action="append", default=[])
    parser.add_argument("--break-task", dest="break_tasks", action="append", default=[])
    parser.add_argument("--break-exceptions", action="store_true")
    parser.add_argument("--shuffle", type=int, default=None)
    parser.add_argument("-m", dest="module", default=None)
    parser.add_argument("target", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.target[:1] == ["--"]:
        del args.target[0]  # the session puts "--" before the program's words (REMAINDER keeps it)
    return args


def _drop_own_frames(exc: BaseException) -> None:
    """Cut loopscope's frames (the agent, runpy) off the front of an exception's traceback.

    The exception object outlives this handler: a task that died of it may log it later
    ("Task exception was never retrieved" when the task is collected, at exit), and the
    program's own hooks see it. Under plain python its traceback starts at the script's
    ``<module>`` frame, so it must here too. No frame of the script (a SyntaxError, a failing
    import of the module itself): no traceback, as the interpreter prints none either."""
    tb = exc.__traceback__
    while tb is not None and not _is_script_frame(tb.tb_frame):
        tb = tb.tb_next
    exc.__traceback__ = tb


def _user_traceback(exc: BaseException) -> None:
    """Report an uncaught exception as the interpreter does: through ``sys.excepthook`` (the
    program may have installed its own), falling back to the default hook if that one fails."""
    hook = sys.excepthook
    try:
        hook(type(exc), exc, exc.__traceback__)
    except BaseException as failed:
        # The interpreter's words when the hook itself raises (Python/pythonrun.c).
        print("Error in sys.excepthook:", file=sys.stderr)
        sys.__excepthook__(type(failed), failed, failed.__traceback__)
        print("\nOriginal exception was:", file=sys.stderr)
        sys.__excepthook__(type(exc), exc, exc.__traceback__)


def _is_script_frame(frame: Any) -> bool:
    if frame.f_code is _RUN_MODULE_AS_MAIN:
        return True  # ``python -m``'s tracebacks start with runpy's two frames
    name = frame.f_code.co_filename
    here = os.path.dirname(os.path.abspath(__file__))
    return not (name.startswith(here) or name == runpy.__file__ or "<frozen runpy>" in name)


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code & 0xFF
    print(code, file=sys.stderr)
    return 1


#: Set when the program ended by an uncaught KeyboardInterrupt: the process then ends by
#: SIGINT, as the interpreter ends itself after its own exit handlers (since 3.8).
_interrupted = False


def _end_by_sigint() -> None:
    """Registered first, so run last of the exit handlers: end as ``python`` does after an
    uncaught KeyboardInterrupt, killed by SIGINT (a shell, ``subprocess``, a supervisor see a
    death by the signal, not a status)."""
    if not _interrupted:
        return
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)


def main(argv: list[str] | None = None) -> None:
    global _interrupted
    atexit.register(_end_by_sigint)
    args = _parse(sys.argv[1:] if argv is None else argv)
    os.set_inheritable(args.events_fd, False)
    os.set_inheritable(args.commands_fd, False)
    channel = PipeChannel(args.events_fd, args.commands_fd, args.lost_note)
    clock = VirtualClock(virtual=args.clock == "virtual")
    stepper = Stepper(channel, clock, mode=args.mode, time_limit=args.time_limit)
    lines = []
    for spec in args.breaks:
        file, _, line = spec.rpartition(":")
        lines.append([os.path.abspath(file), int(line)])
    stepper.set_breakpoints({"kind": "set_breakpoints", "lines": lines,
                             "tasks": args.break_tasks, "exceptions": args.break_exceptions})
    if args.shuffle is not None:
        stepper.shuffle, stepper.shuffle_seed = random.Random(args.shuffle), args.shuffle
    session = Session(clock, stepper)
    main_ident = threading.get_ident()
    channel.emit({"kind": "hello", "protocol": protocol.PROTOCOL_VERSION,
                  "python": ".".join(map(str, sys.version_info[:3])), "pid": os.getpid(),
                  "clock": args.clock, "mode": args.mode}, flush=True)

    reader = threading.Thread(target=channel.read_commands, args=(stepper,),
                              name="loopscope-commands", daemon=True)
    watchdog = Watchdog(channel, stepper, main_ident, args.slow)
    channel.watchdog = watchdog
    reader.start()
    # In summary mode too: a handle that holds the loop moves the virtual clock (``held_since``).
    watchdog.thread.start()
    session.own_threads.update(t.ident for t in (reader, watchdog.thread) if t.ident)

    code = 0

    foreign: list[str] = []  # loop classes of the program's own (foreign_loops.watch)

    def report_exit() -> None:
        if channel.detached:
            return  # a forked child's exit is not the program's
        # atexit runs after threads were joined and every other atexit handler ran.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        watchdog.finish()
        done: dict[str, Any] = {"kind": "exit", "code": code, "loops": stepper.loops_made,
                                "switches": stepper.totals()[0]}
        if foreign:
            done["foreign_loops"] = list(foreign)
        channel.emit(done, flush=True)

    atexit.register(report_exit)
    streams: list[OutputStream] = []
    if args.output == "events":
        stdout = OutputStream(channel, "stdout", 1, stepper)
        stderr = OutputStream(channel, "stderr", 2, stepper)
        sys.stdout, sys.stderr = stdout, stderr
        streams += (stdout, stderr)

        def flush_output() -> None:
            stdout.flush()
            stderr.flush()

        stepper.flush_output = flush_output  # type: ignore[method-assign]
    # else "inherit" (the text tracer): the script keeps its own sys.stdout on file
    # descriptor 1, so its output and its os.write(1, ...) calls keep their order and
    # buffering exactly as under plain python.
    clock.on_sleep = stepper.on_sleep
    stepper.slow = args.slow
    # breakpoint() pauses loopscope (PYTHONBREAKPOINT=0 still turns it off). The hook is set
    # here rather than through PYTHONBREAKPOINT, which child processes would inherit without
    # being able to import loopscope.
    sys.breakpointhook = stepper.breakpoint_hook
    factories = install_factories()
    own_frames.install({main.__code__, _run_script.__code__, _run_module.__code__}, __file__)
    stock_threading = threading.enumerate, threading.active_count
    own_threads.install(session.own_threads)
    waitgraph.install()
    session.activate()
    patch = TimePatch(clock, main_ident, session.own_threads)
    patch.install()
    _detach_forked_children(channel, stepper, session, patch, factories, streams,
                            stock_threading)
    foreign = foreign_loops.watch(
        main_ident, lambda name: channel.emit({"kind": "message",
                                                "text": foreign_loops.notice(name)}, flush=True))
    clock.outside_since = real_monotonic()  # no loop runs yet (see VirtualClock.held_since)
    try:
        if args.module:
            if not _module_exists(args.module):
                print(f"loopscope: error: no module named {args.module}", file=sys.stderr)
                code = 2
                raise SystemExit(2)
            sys.argv = [args.module, *args.target]
            sys.path[0] = os.getcwd()
            _run_module(args.module)
        else:
            script, *rest = args.target
            sys.argv = [script, *rest]
            sys.path[0] = os.path.dirname(os.path.realpath(script))
            # Code objects and __file__ get the absolute path, as `python script.py` gives them
            # since 3.9; sys.argv[0] stays as typed.
            _run_script(script)
    except SystemExit as exc:
        _drop_own_frames(exc)
        code = _exit_code(exc)
    except DeadlockError:
        code = 1  # the deadlock event said which tasks wait for what
    except TimeLimitReached as exc:
        code = 124
        # Said by the front end, not printed here: the program's stderr is not ours to
        # interleave with (the tracer writes its lines to the same terminal).
        channel.emit({"kind": "message", "text": "loopscope: stopped at the virtual time "
                      f"limit t={exc.args[0]:g} s (--time-limit)"}, flush=True)
    except KeyboardInterrupt as exc:
        _drop_own_frames(exc)
        _user_traceback(exc)
        code = 130
        _interrupted = True
    except BaseException as exc:  # the program's uncaught exception
        code = 1
        _drop_own_frames(exc)
        _user_traceback(exc)
        _report_exception(channel, exc)
    final = stepper.final_snapshot() if stepper.interactive and not channel.detached else None
    if final is not None:
        # The final state, also after a free `continue` that reported no steps on the way.
        stepper.flush_output()
        channel.emit({"kind": "progress", "final": True, "snapshot": final}, flush=True)
    if stepper.mode == "summary":
        switches, callbacks = stepper.totals()
        channel.emit({"kind": "summary", "switches": switches, "callbacks": callbacks, "tasks": stepper.registry.count,
                      "virtual_time": stepper.virtual_time()})
    channel.flush()
    sys.exit(code)


def _detach_forked_children(channel: PipeChannel, stepper: Stepper, session: Session,
                            patch: TimePatch, factories: dict[tuple[Any, str], Any],
                            streams: list[OutputStream],
                            stock_threading: tuple[Any, Any]) -> None:
    """Undo in a forked child what ``main`` installed (``children``): the child runs the stock
    loop on the real clock, with the program's own streams; the frames of this module stay
    hidden (they are still on the child's stack)."""
    guard = children.ForkGuard(session.own_threads)
    guard.on_child(channel.forget_in_child)

    def streams_back() -> None:
        # The program's prints go to file descriptors 1 and 2, as under plain python; a
        # partial line not sent yet is the child's too (plain python's child inherits it).
        for ours in streams:
            name = ours._stream
            real = getattr(sys, f"__{name}__")
            if getattr(sys, name) is ours and real is not None:
                pending = "".join(ours._pending)
                ours._pending.clear()
                setattr(sys, name, real)
                if pending:
                    real.write(pending)

    def stepper_off() -> None:
        stepper._watch.stop()
        if stepper._line_tracer is not None:
            stepper._line_tracer.stop()
        children.free_monitoring()
        if sys.breakpointhook == stepper.breakpoint_hook:
            sys.breakpointhook = sys.__breakpointhook__

    def loops_off() -> None:
        session.deactivate()
        for loop in stepper.loops:
            loop.detach_session()

    def threads_off() -> None:
        session.own_threads.clear()  # their idents may be reused by the child's threads
        if threading.enumerate is ours[0]:
            threading.enumerate = stock_threading[0]
        if threading.active_count is ours[1]:
            threading.active_count = stock_threading[1]

    ours = threading.enumerate, threading.active_count
    for step in (streams_back, stepper_off, loops_off, patch.uninstall,
                 lambda: uninstall_factories(factories), threads_off):
        guard.on_child(step)
    guard.install()


def _run_script(script: str) -> None:
    """Run a file as ``python script.py`` does (pdb's ``_ScriptTarget`` does the same).

    ``__main__`` is a fresh module whose ``__file__`` and code filename are absolute, while
    ``sys.argv[0]`` stays as typed: ``runpy.run_path`` would set ``argv[0]`` to the path it is
    given, so it cannot give both."""
    import builtins
    import importlib.machinery

    path = os.path.abspath(script)
    with open(path, "rb") as handle:
        source = handle.read()
    code = compile(source, path, "exec", dont_inherit=True)
    main = _fresh_main()
    main.__dict__.update(__builtins__=builtins, __file__=path,
                         __loader__=importlib.machinery.SourceFileLoader("__main__", path))
    if sys.version_info < (3, 15):
        # The interpreter's ``__main__`` has ``__cached__ = None`` up to 3.14; 3.15 sets no
        # ``__cached__`` on any module (``__spec__.cached`` holds it), so none here either.
        main.__cached__ = None
    sys.modules["__main__"] = main
    exec(code, main.__dict__)


#: The function behind ``python -m`` (private, the same on 3.11 to 3.13).
_RUN_MODULE_AS_MAIN = runpy._run_module_as_main.__code__  # type: ignore[attr-defined]


def _run_module(name: str) -> None:
    """Run a module as ``python -m`` does, through runpy's own entry point for it: the same
    ``sys.argv[0]`` (the module's file), and the same two runpy frames under the module's,
    which plain python's tracebacks and stacks show. It runs in ``sys.modules["__main__"]``,
    which must be a fresh module (here it is the bootstrap's, which holds our names)."""
    sys.modules["__main__"] = _fresh_main()
    runpy._run_module_as_main(name, alter_argv=True)  # type: ignore[attr-defined]


def _fresh_main() -> Any:
    """A new ``__main__`` module as the interpreter makes it: also with ``__annotations__``
    where the interpreter's has one (3.13 and before), as the bootstrap's ``__main__`` shows."""
    import types

    main = types.ModuleType("__main__")
    if "__annotations__" in vars(sys.modules["__main__"]):
        main.__annotations__ = {}
    return main


def _module_exists(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _report_exception(channel: PipeChannel, exc: BaseException) -> None:
    tb = exc.__traceback__
    file = line = None
    while tb is not None:
        if snapshot.is_user_file(tb.tb_frame.f_code.co_filename):
            file, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    channel.emit({"kind": "exception", "type": type(exc).__name__, "message": str(exc),
                  "file": file, "line": line}, flush=True)


if __name__ == "__main__":
    main()
