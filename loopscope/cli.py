"""Command line: parse, check the target, dispatch to a front end.

``loopscope SCRIPT [ARGS...]`` opens the debugger; ``loopscope trace|record|replay|serve ...`` are
the other front ends. A bad command line gets one line on stderr and exit status 2, never a
traceback: everything a user can get wrong is checked here, before any process starts. Front
ends are imported only once chosen, so ``loopscope trace`` never loads Textual.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from typing import NoReturn

from .session import Launch, LaunchError

COMMANDS = ("trace", "record", "replay", "serve")


class CommandLineError(Exception):
    """A problem with what the user typed: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CommandLineError(message)


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--clock", choices=["virtual", "real"], default="virtual",
                        help="virtual (default): sleeps take no real time; real: the wall clock")
    parser.add_argument("--slow", type=float, default=0.1, metavar="SECONDS",
                        help="report a step that holds the loop longer than this (default 0.1)")
    parser.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                        help="stop when the virtual clock passes this (default: 1 day)")
    parser.add_argument("--break", dest="breaks", action="append", default=[],
                        metavar="FILE:LINE", help="pause where a task suspends or resumes here")
    parser.add_argument("--break-task", dest="break_tasks", action="append", default=[],
                        metavar="NAME", help="pause before each step of the task named NAME")
    parser.add_argument("--break-exceptions", action="store_true",
                        help="pause when a task ends with an exception")
    parser.add_argument("--shuffle", type=int, default=None, metavar="SEED",
                        help="at each switch run a ready task picked at random (seeded: "
                             "the same SEED gives the same run)")
    parser.add_argument("--python", default=sys.executable, metavar="PATH",
                        help="the interpreter that runs the program (default: this one)")
    parser.add_argument("-m", dest="module", metavar="MODULE",
                        help="run a module as a script, like python -m")
    parser.add_argument("target", nargs=argparse.REMAINDER, metavar="SCRIPT [ARGS...]")


def _parser(command: str | None) -> argparse.ArgumentParser:
    if command == "replay":
        parser = _Parser(prog="loopscope replay",
                         description="Step through a recording made by `loopscope record`; "
                                     "runs no code.")
        parser.add_argument("recording", metavar="FILE")
        parser.add_argument("--break", dest="breaks", action="append", default=[],
                            metavar="FILE:LINE")
        parser.add_argument("--break-task", dest="break_tasks", action="append", default=[],
                            metavar="NAME")
        return parser
    if command == "record":
        parser = _Parser(prog="loopscope record",
                         description="Run a program headless and save every switch with its "
                                     "snapshot, for `loopscope replay`.")
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="the recording to write (e.g. run.loopscope)")
        parser.add_argument("--max-steps", type=int, default=100_000, metavar="N",
                            help="stop after N pauses (default 100000)")
        _add_run_options(parser)
        return parser
    if command == "trace":
        parser = _Parser(prog="loopscope trace",
                         description="Run a program to the end, one line per context switch.")
        parser.add_argument("--json", action="store_true", help="print the event stream")
        parser.add_argument("--summary", action="store_true",
                            help="print only totals (on stderr), at full speed")
        parser.add_argument("--timeline", metavar="SVG",
                            help="also draw one lane per task over virtual time, as SVG")
        parser.add_argument("--chrome-trace", metavar="JSON",
                            help="also write a Chrome/Perfetto trace (tasks as threads)")
        parser.add_argument("--stats", action="store_true",
                            help="print per-task switches, CPU and waited time at the end "
                                 "(on stderr)")
        _add_run_options(parser)
        return parser
    parser = _Parser(prog="loopscope",
                     description="Step through an asyncio program's event loop, one context "
                                 "switch at a time. Other commands: loopscope trace SCRIPT, "
                                 "loopscope record -o FILE SCRIPT, loopscope replay FILE, "
                                 "loopscope serve SCRIPT (each has --help).")
    parser.add_argument("--history", type=int, default=None, metavar="N",
                        help="snapshots kept for stepping back (default 100000)")
    if command == "serve":
        parser.prog = "loopscope serve"
        parser.description = "The debugger in a browser: each visitor gets a fresh session."
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default 127.0.0.1; any other one is "
                                 "reachable from other machines and warned about)")
        parser.add_argument("--port", type=int, default=8000,
                            help="port to listen on (default 8000; 0: any free port)")
        parser.add_argument("--replay", metavar="FILE",
                            help="serve a recording made by `loopscope record` instead of a "
                                 "script: no code runs (only --break/--break-task apply)")
        parser.add_argument("--allow-origin", dest="allow_origins", action="append", default=[],
                            metavar="ORIGIN",
                            help="also accept pages of ORIGIN, a reverse proxy's (e.g. "
                                 "https://debug.example.com); repeatable")
        parser.add_argument("--max-visitors", type=int, default=8, metavar="N",
                            help="sessions at once (default 8); beyond, a page says the room "
                                 "is full")
    parser.add_argument("--narration", choices=["technical", "waiter"], default="technical",
                        help="the words of the narration: technical (default) or the waiter "
                             "analogy (w switches)")
    _add_run_options(parser)
    return parser


def _check_script(path: str) -> None:
    if not os.path.exists(path):
        raise CommandLineError(f"no such file: {path}")
    if os.path.isdir(path):
        raise CommandLineError(f"{path} is a directory, not a Python script")
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise CommandLineError(f"cannot read {path}: {exc.strerror}") from None
    if b"\0" in head:
        raise CommandLineError(f"{path} is not a Python script (it is a binary file)")


def _check_module(name: str) -> None:
    """``-m NAME``: the module must be findable as ``python -m`` would look for it (the current
    directory first), without importing anything (a package's ``__init__`` is not run)."""
    from importlib.machinery import PathFinder
    from importlib.util import find_spec

    path: list[str] | None = [os.getcwd(), *sys.path[1:]]
    spec = None
    for index, part in enumerate(name.split(".")):
        try:
            spec = PathFinder.find_spec(part, path) if path is not None else None
            if spec is None and index == 0:
                spec = find_spec(part)  # a built-in or frozen module
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            raise CommandLineError(f"no module named {name}")
        path = list(spec.submodule_search_locations or []) or None


def _check_interpreter(python: str) -> None:
    """``--python``: it must be a CPython 3.11+ (the engine is injected on its path)."""
    import subprocess

    try:
        found = subprocess.run(
            [python, "-c", "import sys, platform; print(platform.python_implementation(), "
             "*sys.version_info[:3], int(getattr(sys, '_is_gil_enabled', lambda: True)()))"],
            capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CommandLineError(f"cannot run {python}: {exc}") from None
    words = found.stdout.split()
    if found.returncode != 0 or len(words) != 5:
        raise CommandLineError(f"{python} is not a working Python interpreter")
    implementation, version = words[0], tuple(int(w) for w in words[1:4])
    if implementation != "CPython" or version < (3, 11):
        raise CommandLineError(
            f"{python} is {implementation} {'.'.join(map(str, version))}; loopscope needs "
            "CPython 3.11 or newer")
    _check_gil(python, words[4] == "1")


def _check_gil(python: str, gil_enabled: bool) -> None:
    """A free-threaded build (3.13t, 3.14t) running without its GIL is refused: the engine's
    threads (command reader, watchdog) read the loop thread's frames and queues between two
    bytecodes, which only the GIL makes safe, and no such build could be had to test on."""
    if not gil_enabled:
        raise CommandLineError(
            f"{python} is a free-threaded build running without the GIL, which loopscope does "
            "not support; run it with PYTHON_GIL=1")


def launch_from(args: argparse.Namespace) -> Launch:
    time_limit = args.time_limit if args.time_limit is not None else 86400.0
    if args.module:
        target = [args.module, *args.target]
        module = True
        if os.path.realpath(args.python) == os.path.realpath(sys.executable):
            _check_module(args.module)  # another interpreter has other modules: it checks
    else:
        target = list(args.target)
        if target and target[0] == "--":
            target = target[1:]
        if not target:
            raise CommandLineError("no script given (usage: loopscope [trace] SCRIPT [ARGS...])")
        _check_script(target[0])
        module = False
    if not os.path.isfile(args.python) or not os.access(args.python, os.X_OK):
        raise CommandLineError(f"no such interpreter: {args.python}")
    if os.path.realpath(args.python) != os.path.realpath(sys.executable):
        _check_interpreter(args.python)
    else:
        _check_gil(args.python, getattr(sys, "_is_gil_enabled", lambda: True)())
    breaks = _breaks(args.breaks)
    return Launch(target=target, module=module, clock=args.clock, python=args.python,
                  slow=args.slow, time_limit=time_limit, breaks=breaks,
                  break_tasks=list(args.break_tasks), break_exceptions=args.break_exceptions,
                  shuffle=args.shuffle)


def _breaks(specs: list[str], *, on_disk: bool = True) -> list[str]:
    """``--break FILE:LINE`` values, checked, with absolute file names.

    ``on_disk``: the file must exist here and have that line (a typo would otherwise make a
    breakpoint that never hits, silently); not for a recording, made maybe elsewhere."""
    breaks = []
    for spec in specs:
        file, sep, line = spec.rpartition(":")
        if not sep or not line.isdigit() or not file:
            raise CommandLineError(f"--break takes FILE:LINE, not {spec!r}")
        path = os.path.abspath(file)
        if on_disk:
            try:
                with open(path, "rb") as handle:
                    count = sum(1 for _ in handle)
            except OSError:
                raise CommandLineError(f"--break {spec}: no such file: {file}") from None
            if not 1 <= int(line) <= count:
                raise CommandLineError(f"--break {spec}: {file} has {count} lines")
        breaks.append(f"{path}:{line}")
    return breaks


def _replay(args: argparse.Namespace) -> int:
    from .recording import RecordingError, check

    breaks = _breaks(args.breaks, on_disk=False)
    try:
        from .replay import run_replay

        check(args.recording)  # the whole file, before the screen changes
        return run_replay(args.recording, breaks, list(args.break_tasks))
    except RecordingError as exc:
        raise CommandLineError(str(exc)) from None


def _serve(args: argparse.Namespace) -> int:
    """``loopscope serve``: checks what the served command would check, before serving it."""
    try:
        from . import serve
    except ImportError as exc:
        raise CommandLineError(f"loopscope serve cannot start: {exc}") from None
    if args.replay is not None:
        if args.target or args.module:
            raise CommandLineError("--replay serves a recording: give no script as well")
        from .recording import RecordingError
        from .replay import ReplaySource

        _breaks(args.breaks, on_disk=False)
        try:
            ReplaySource(args.replay)
        except RecordingError as exc:
            raise CommandLineError(str(exc)) from None
        ui_argv = ["replay", args.replay]
        ui_argv += [item for spec in args.breaks for item in ("--break", spec)]
        ui_argv += [item for name in args.break_tasks for item in ("--break-task", name)]
        exposed = f"step through {args.replay}"
    else:
        launch_from(args)
        ui_argv = serve.command_line(_parser(None), args)
        exposed = f"run {shlex.join(ui_argv)} with your permissions"
    try:
        return serve.run(ui_argv, args.host, args.port, exposed,
                         allow_origins=args.allow_origins, max_visitors=args.max_visitors)
    except serve.ServeError as exc:
        raise CommandLineError(str(exc)) from None


def _split_program(parser: argparse.ArgumentParser,
                   argv: list[str]) -> tuple[list[str], list[str]]:
    """``(loopscope's arguments, the program's)``: as with ``python``, every argument after
    ``-m MODULE`` belongs to the program (``loopscope trace -m pytest -q``: ``-q`` is pytest's).

    Only loopscope's options come before: the scan stops at the first word that is neither an
    option nor an option's value (the script; its own ``-m`` is the script's)."""
    takes_value = {option for action in parser._actions if action.nargs != 0
                   for option in action.option_strings}
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--" or not word.startswith("-") or word == "-":
            break
        if word == "-m":
            return argv[:i + 2], argv[i + 2:]
        if word.startswith("-m") and not word.startswith("--"):
            return argv[:i + 1], argv[i + 1:]  # -mMODULE
        i += 2 if word in takes_value else 1
    return argv, []


def run(argv: Sequence[str]) -> int:
    argv = list(argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    rest = argv[1:] if command else argv
    parser = _parser(command)
    ours, program = _split_program(parser, rest)
    args = parser.parse_args(ours)
    if program:
        args.target = [*args.target, *program]
    if command == "replay":
        return _replay(args)
    if command == "serve":
        return _serve(args)
    launch = launch_from(args)
    if command == "record":
        from . import recording

        return recording.record(launch, args.output, max_steps=args.max_steps)
    if command == "trace":
        from . import trace

        if args.summary and (args.timeline or args.chrome_trace):
            raise CommandLineError("--timeline and --chrome-trace need the steps: drop --summary")
        return trace.run(launch, json_mode=args.json, summary=args.summary,
                         timeline_svg=args.timeline, chrome_trace=args.chrome_trace,
                         stats=args.stats)
    try:
        from .ui.app import run_app
    except ImportError as exc:
        raise CommandLineError(f"the debugger UI cannot start: {exc}") from None
    return run_app(launch, history=args.history, narration=args.narration)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    try:
        code = run(sys.argv[1:] if argv is None else argv)
    except CommandLineError as exc:
        print(f"loopscope: error: {exc}", file=sys.stderr)
        code = 2
    except LaunchError as exc:
        print(f"loopscope: error: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        # `loopscope trace ... | head`: the reader left. Quietly, as a shell tool would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 141
    if code < 0:
        _die_by(-code)
    sys.exit(code)


def _die_by(signum: int) -> None:
    """End as the program ended: by its signal, so that a shell or a supervisor sees the same
    death as without loopscope (not a status of 128+N). No core file of ours, whatever the
    signal: the program's crash is not the front end's."""
    import resource
    import signal

    sys.stdout.flush()
    sys.stderr.flush()
    for step in (lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)),
                 lambda: signal.signal(signum, signal.SIG_DFL),  # not for SIGKILL, SIGSTOP
                 lambda: signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum]),
                 lambda: os.kill(os.getpid(), signum)):
        try:
            step()
        except (OSError, ValueError):
            pass
    sys.exit(128 + signum)  # a signal whose default is to go on (SIGCHLD, SIGWINCH...)
