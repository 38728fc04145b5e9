"""The front end's side of a debuggee: spawn it, talk to it, hear it end.

Every front end (the Textual UI, the tracer, a recorder) owns one ``Debuggee``. It starts the
user's program in a fresh interpreter with the engine bootstrapped onto its path, connects the
protocol pipes (never the script's stdin/stdout), and turns everything the process says into one
ordered queue of events: protocol events from the event pipe, raw bytes the program wrote to file
descriptors 1 and 2 (when captured), and finally one ``ended`` event with the real exit status,
which is the truth even when the program died without saying goodbye (``os._exit``, a signal).

The queue is fed by reader threads so that a front end can block on it (the tracer), or poll it
from a Textual worker; nothing here knows about Textual.

The debuggee is not trusted to be well: it runs a broken program by definition, and may die, or
(killed halfway through a write, or not our agent at all) say something that is not the protocol.
So the queue is bounded (a program that prints faster than the front end draws is slowed down by
the pipe, not buffered here without end), a line is read with a bound (``MAX_LINE_BYTES``: an
endless line is refused without holding it), and the first bad message ends the session: it is
reported once, as an ``error`` event, the debuggee is killed, and the ``ended`` event carries the
status ``LOST`` and the reason instead of the signal of our own kill.

The program may also close the pipes itself (a daemon's ``os.closerange(3, 4096)``). It is not
broken then, and runs on untraced: the debuggee finds its descriptors gone and writes a line in
a file named on its command line (``--lost-note``; a name, since any descriptor could be closed
too), and the end of the event pipe without an ``exit`` event is then told as one ``error``
event with ``pipes_closed`` (``PIPES_CLOSED``), before ``ended`` with the program's status.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import protocol
from .reassemble import DeltaError, Reassembler

_ROOT = str(Path(__file__).resolve().parent.parent)
_BOOTSTRAP = (
    "import sys; sys.path.insert(0, {root!r}); "
    "from loopscope.engine.agent import main; del sys.path[0]; main()"
)


#: Exit status of a session ended because the debuggee broke the protocol (EX_SOFTWARE).
LOST = 70
#: Events held between the reader threads and the front end; past it, the readers wait.
QUEUE_EVENTS = 1000
#: Signals a terminal sends its foreground process group, and those sent to one process by
#: its PID: forwarded to the program that way (``Debuggee.signals_forwarded``).
_GROUP_SIGNALS = (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP)
_PROCESS_SIGNALS = (signal.SIGTERM, signal.SIGUSR1, signal.SIGUSR2)


class LaunchError(Exception):
    """The debuggee could not be started (bad interpreter, ...)."""


@dataclass
class Launch:
    """What to run and how: the command line of a debuggee."""

    target: list[str]
    module: bool = False
    mode: str = "trace"
    clock: str = "virtual"
    python: str = sys.executable
    slow: float = 0.1
    time_limit: float | None = None
    breaks: list[str] = field(default_factory=list)
    break_tasks: list[str] = field(default_factory=list)
    break_exceptions: bool = False
    #: ``--shuffle SEED``: a seeded random pick of the task step that runs at each switch.
    shuffle: int | None = None
    cwd: str | None = None
    #: "events": the program's prints come as ``output`` events (the UI, ``--json``);
    #: "inherit": the program writes to the debuggee's own stdout/stderr (the text tracer).
    output: str = "events"
    #: A script run in place of the engine's agent, with the same arguments (the tests' fake
    #: debuggees, which break the protocol on purpose).
    agent_script: str | None = None

    def argv(self, events_fd: int, commands_fd: int,
             lost_note: str | None = None) -> list[str]:
        agent = ([self.agent_script] if self.agent_script is not None
                 else ["-c", _BOOTSTRAP.format(root=_ROOT)])
        args = [self.python, *agent,
                "--events-fd", str(events_fd), "--commands-fd", str(commands_fd),
                "--mode", self.mode, "--clock", self.clock, "--slow", str(self.slow),
                "--output", self.output]
        if lost_note is not None:
            args += ["--lost-note", lost_note]
        if self.time_limit is not None:
            args += ["--time-limit", str(self.time_limit)]
        for spec in self.breaks:
            args += ["--break", spec]
        for name in self.break_tasks:
            args += ["--break-task", name]
        if self.break_exceptions:
            args.append("--break-exceptions")
        if self.shuffle is not None:
            args += ["--shuffle", str(self.shuffle)]
        if self.module:
            # After "--" every word is the program's (the agent parses its own options first).
            args += ["-m", self.target[0], "--", *self.target[1:]]
        else:
            args += ["--", *self.target]
        return args


#: Said (an ``error`` event with ``pipes_closed``) when the program closed the channel's file
#: descriptors: the debuggee runs on, untraced, and its end is still heard (``ended``).
PIPES_CLOSED = ("the program closed loopscope's pipes (os.closerange?); the rest of the run "
                "was not traced")


def exit_status(returncode: int) -> int:
    """A process's return code as a shell reports it: a signal death is 128+N."""
    return 128 - returncode if returncode < 0 else returncode


class Debuggee:
    """One run of the user's program in its own process."""

    def __init__(self, launch: Launch, *, capture_output: bool = False,
                 stdin: Any = None, reassemble: bool = True,
                 on_whole: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.launch = launch
        #: Turn snapshot deltas into whole snapshots as they arrive (not for a recording,
        #: which keeps the stream as sent); ``on_whole`` sees each whole one that came.
        self.reassembler = Reassembler(on_whole) if reassemble else None
        self.capture_output = capture_output
        self.stdin = stdin
        self.events: queue.Queue[dict[str, Any]] = queue.Queue(QUEUE_EVENTS)
        self.process: subprocess.Popen[bytes] | None = None
        #: Set when the front end stops listening: readers drop what they read from then on.
        self._stopped = threading.Event()
        #: Why the session was ended by us (a bad message), for the ``ended`` event.
        self._lost: str | None = None
        self._commands: Any = None
        self._readers: list[threading.Thread] = []
        self._send_lock = threading.Lock()
        #: Signals the front end passed on to the program (``signals_forwarded``).
        self.forwarded: set[int] = set()
        #: A file the debuggee writes to if the program closes the channel's descriptors (it
        #: is named, not open in the debuggee, so no ``closerange`` can take it away).
        self._lost_note: str | None = None
        #: The debuggee said how the program ended (``exit``), or the pipes were reported
        #: closed: then the end of the event pipe is no news.
        self._said_exit = False
        self._pipes_reported = False

    def start(self) -> None:
        ev_read, ev_write = os.pipe()
        cmd_read, cmd_write = os.pipe()
        out = subprocess.PIPE if self.capture_output else None
        note_fd, self._lost_note = tempfile.mkstemp(prefix="loopscope-", suffix=".lost")
        os.close(note_fd)
        try:
            self.process = subprocess.Popen(
                self.launch.argv(ev_write, cmd_read, self._lost_note),
                pass_fds=(ev_write, cmd_read),
                stdin=self.stdin, stdout=out, stderr=out, cwd=self.launch.cwd,
                start_new_session=True)
        except OSError as exc:
            for fd in (ev_read, ev_write, cmd_read, cmd_write):
                os.close(fd)
            self._drop_note()
            raise LaunchError(f"cannot start {self.launch.python}: {exc.strerror}") from None
        os.close(ev_write)
        os.close(cmd_read)
        self._commands = os.fdopen(cmd_write, "wb", buffering=0)
        events = os.fdopen(ev_read, "rb")
        self._spawn(self._read_events, events)
        if self.capture_output:
            assert self.process.stdout is not None and self.process.stderr is not None
            self._spawn(self._read_raw, self.process.stdout, "stdout")
            self._spawn(self._read_raw, self.process.stderr, "stderr")
        self._spawn(self._wait_end)

    def _spawn(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._readers.append(thread)
        thread.start()

    def _put(self, event: dict[str, Any]) -> None:
        """Queue an event, waiting while the front end catches up (unless it stopped)."""
        while not self._stopped.is_set():
            try:
                self.events.put(event, timeout=0.1)
                return
            except queue.Full:
                continue

    def _read_events(self, stream: Any) -> None:
        limit = protocol.MAX_LINE_BYTES
        try:
            while True:
                line = stream.readline(limit + 1)
                if not line:
                    self._await_note()
                    break
                if len(line) > limit:
                    self._lose(f"a message longer than {limit // (1024 * 1024)} MiB")
                    break
                if not line.endswith(b"\n"):
                    # Our agent ends every message with a newline: this one was cut short.
                    self._lose("a message cut short")
                    break
                try:
                    event = protocol.decode(line)
                    if self.reassembler is not None:
                        event = self.reassembler.event(event)
                except (protocol.ProtocolError, DeltaError) as exc:
                    self._lose(str(exc))
                    break
                if event["kind"] == "exit":
                    self._said_exit = True
                self._put(event)
        finally:
            stream.close()

    def _await_note(self) -> None:
        """The event pipe ended before the program said how it ended: it died (``os._exit``,
        a signal), or it closed the pipes and runs on. The debuggee writes the note when it
        finds its pipes gone (at once, or at its next event): wait for that or for the end."""
        process = self.process
        while (not self._said_exit and process is not None and not self._stopped.is_set()
               and not self._note_written()):
            if process.returncode is not None:  # set by ``_wait_end``'s wait
                return
            self._stopped.wait(0.02)
        self._report_pipes_closed()

    def _note_written(self) -> bool:
        note = self._lost_note
        try:
            return note is not None and os.path.getsize(note) > 0
        except OSError:
            return False

    def _report_pipes_closed(self) -> None:
        if not self._pipes_reported and not self._said_exit and self._note_written():
            self._pipes_reported = True
            self._put({"kind": "error", "message": PIPES_CLOSED, "pipes_closed": True})

    def _drop_note(self) -> None:
        note, self._lost_note = self._lost_note, None
        if note is not None:
            with contextlib.suppress(OSError):
                os.unlink(note)

    def _lose(self, why: str) -> None:
        """A message that is not the protocol: say so once, end the session."""
        self._lost = f"the debuggee sent a bad message ({why}); the session was ended"
        self._put({"kind": "error", "message": self._lost, "fatal": True})
        self.kill()

    def _read_raw(self, stream: Any, name: str) -> None:
        while True:
            chunk = stream.read1(65536)
            if not chunk:
                break
            self._put({"kind": "output", "stream": name, "raw": True,
                       "text": chunk.decode("utf-8", "replace")})

    def _wait_end(self) -> None:
        assert self.process is not None
        code = self.process.wait()
        for thread in self._readers:
            if thread is not threading.current_thread():
                thread.join()
        self._report_pipes_closed()  # found at the program's end (it ended soon after)
        self._drop_note()
        ended: dict[str, Any] = {"kind": "ended", "code": exit_status(code)}
        if self._lost is not None and not (code < 0 and -code != signal.SIGKILL):
            # Our own kill is not news; a death by another signal (a segfault halfway through
            # a message) is the truth and is told as such.
            ended.update(code=LOST, error=self._lost)
        elif code < 0:
            try:
                ended["signum"] = -code
                ended["signal"] = signal.Signals(-code).name
            except ValueError:
                ended["signal"] = f"signal {-code}"
        self._put(ended)

    def iter_events(self) -> Iterator[dict[str, Any]]:
        """Every event until (and including) ``ended``."""
        while True:
            event = self.events.get()
            yield event
            if event["kind"] == "ended":
                return

    def send(self, command: dict[str, Any]) -> bool:
        """Send one command; False if the debuggee is gone."""
        with self._send_lock:
            try:
                self._commands.write(protocol.encode(command))
                return True
            except (BrokenPipeError, OSError, ValueError):
                return False

    def stop_listening(self) -> None:
        """The front end reads no more events: the reader threads may drop them and end."""
        self._stopped.set()

    @contextlib.contextmanager
    def signals_forwarded(self) -> Iterator[None]:
        """While the front end waits for the program (trace, record): a signal sent to the front
        end goes to the program, as if the program were the process the user or a supervisor
        started; the front end goes on reading until the program ends, with its status.

        Ctrl+C, Ctrl+\\ and a hang-up reach a terminal's whole foreground process group, so they
        go to the debuggee's group (its children too, as under plain python); SIGTERM, SIGUSR1
        and SIGUSR2 are sent to a process by its PID, so they go to the debuggee alone. Main
        thread only (the UI has its own keys for this and runs none of it)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def forward(signum: int, frame: Any) -> None:
            process = self.process
            if process is None or process.poll() is not None:
                return
            self.forwarded.add(signum)
            try:
                if signum in _GROUP_SIGNALS:
                    os.killpg(process.pid, signum)
                else:
                    os.kill(process.pid, signum)
            except (ProcessLookupError, PermissionError):
                pass

        saved = {}
        for signum in (*_GROUP_SIGNALS, *_PROCESS_SIGNALS):
            saved[signum] = signal.signal(signum, forward)
        try:
            yield
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, handler)

    def kill(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()

    def close(self) -> None:
        """Stop the debuggee (if it still runs) and wait for it."""
        self.stop_listening()
        if self._commands is not None:
            self.send({"kind": "quit"})
            try:
                self._commands.close()
            except OSError:
                pass
        process = self.process
        if process is not None:
            try:
                process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                self.kill()
                process.wait()
        self._drop_note()
