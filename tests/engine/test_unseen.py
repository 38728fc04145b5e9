"""Programs loopscope was not written against, run under it and under plain python.

``tests/unseen/`` holds small, realistic asyncio programs written after the engine, each on a
corner the corpus (``tests/corpus/``) does not reach: streams protocols, subprocess pipes,
executors and their shutdown, timeouts that expire, ``wait`` modes, cancellation and
``uncancel``, ``shield``, ``except*``, contextvars, unfinished async generators, ``Runner``,
loops in threads, sync primitives, queues, future callbacks and exception handlers, the
warnings asyncio prints on stderr, uncaught exceptions, ``sys.exit`` in a task, signals to
itself, the eager task factory, loops made by hand, relative clocks, argv and stdin, warnings,
logging in debug mode, ``sys.excepthook``, and what asyncio objects print as.

Unlike the corpus test, stderr is compared too, byte for byte: a program's tracebacks, warnings
and log lines are its output. Each program runs

* under plain ``python`` (the reference),
* under ``loopscope trace`` (every handle hooked; the program's stderr is what is left of
  stderr once the tracer's own lines are taken out),
* under ``loopscope trace --summary --clock real`` (free running, counting; stderr ends with
  the one summary line, taken out), so the wall-clock path is held to the same output.

and the three must agree on stdout, stderr and the exit status (a death by signal N counts as
128+N, as a shell reports it). The programs print nothing that depends on timing, addresses or
the virtual clock's epoch: elapsed times are rounded (``clock_relative.py``), as the README's
virtual-clock contract allows.

The interactive debuggee (the protocol the UI speaks) is checked on a few of them with
``continue``: the program's ``output`` events must spell plain python's stdout and stderr.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ._support import ROOT, env
from .test_interactive import Driver

HERE = ROOT / "tests" / "unseen"
PROGRAMS = sorted(p.name for p in HERE.glob("*.py"))
TIMEOUT = 60
ARGS = {"main_guard_argv.py": ["alpha", "beta gamma"]}
STDIN = {"stdin_input.py": b"first line\nsecond line\nthird\nfourth\n"}

Run = tuple[int, bytes, bytes]

#: The tracer's own lines on stderr: a switch, a task that failed or was cancelled, a block,
#: a run without a loop (eager_factory.py on 3.11).
#: A switch line is matched anywhere on a line: the tracer writes to the terminal the program's
#: stderr goes to, so after a partial line of the program (no newline yet) the switch line
#: follows on the same line, as it would on screen.
_TRACE_LINE = re.compile(
    rb"\[ *\d+\] t=.*\n"
    rb"|^(        task .+ (failed: .*|was cancelled)|        BLOCKED.*"
    rb"|loopscope: the program finished without running an event loop)\n",
    re.MULTILINE)
_SUMMARY_LINE = re.compile(rb"loopscope: \d+ switches, \d+ callbacks, .*, exit -?\d+\n\Z")


def _run(argv: list[str], name: str, **extra: str) -> Run:
    # No PYTHONUNBUFFERED: stdout is block-buffered on a pipe, as users run programs.
    child_env = env(PYTHONHASHSEED="0", **extra)
    child_env.pop("PYTHONUNBUFFERED", None)
    proc = subprocess.run([*argv, name, *ARGS.get(name, [])], cwd=HERE, env=child_env,
                          input=STDIN.get(name, b""), capture_output=True, timeout=TIMEOUT)
    status = 128 - proc.returncode if proc.returncode < 0 else proc.returncode
    return status, proc.stdout, proc.stderr


_plain: dict[str, Run] = {}


def plain(name: str) -> Run:
    if name not in _plain:
        _plain[name] = _run([sys.executable], name)
    return _plain[name]


MODES = {
    "trace": ([sys.executable, "-m", "loopscope", "trace"],
              lambda err: _TRACE_LINE.sub(b"", err)),
    "real": ([sys.executable, "-m", "loopscope", "trace", "--summary", "--clock", "real"],
             lambda err: _SUMMARY_LINE.sub(b"", err)),
}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", PROGRAMS)
def test_loopscope_gives_what_plain_python_gives(name: str, mode: str) -> None:
    argv, program_stderr = MODES[mode]
    expected = plain(name)
    status, out, err = _run(argv, name)
    got = (status, out.decode(errors="replace"), program_stderr(err).decode(errors="replace"))
    assert got == (expected[0], expected[1].decode(errors="replace"),
                   expected[2].decode(errors="replace"))


#: Programs whose stderr in development mode (asyncio's debug mode on every loop) carries the
#: stacks debug mode records: where a task, a handle or a coroutine was created.
DEV_MODE = ["never_retrieved.py", "exit_in_task.py", "future_handlers.py", "thread_loops.py",
            "except_star.py", "logging_debug.py"]


@pytest.mark.parametrize("setting", ["PYTHONDEVMODE=1", "PYTHONWARNINGS=error"])
@pytest.mark.parametrize("name", DEV_MODE)
def test_development_mode_stacks_end_at_the_script(name: str, setting: str) -> None:
    """``PYTHONDEVMODE=1``: the "created at" stacks list the script's frames down to its
    ``<module>`` and no frame of loopscope's below it, as plain python lists them.
    ``PYTHONWARNINGS=error``: a never-awaited coroutine's warning is an error "ignored in" a
    frame of ``warnings.py``, as under plain python."""
    variable, _, value = setting.partition("=")
    expected = _run([sys.executable], name, **{variable: value})
    status, out, err = _run(MODES["real"][0], name, **{variable: value})
    assert (status, out.decode(), _steady(MODES["real"][1](err))) == (
        expected[0], expected[1].decode(), _steady(expected[2]))


#: Debug mode's slow-callback warning (a busy machine's real clock makes it come and go) and
#: the addresses of "Exception ignored in: <coroutine object f at 0x...>".
_SLOW = re.compile(rb"^Executing .* took \d+\.\d+ seconds\n", re.MULTILINE)
_ADDRESS = re.compile(rb" at 0x[0-9a-f]+")


def _steady(stderr: bytes) -> str:
    return _ADDRESS.sub(b" at 0x?", _SLOW.sub(b"", stderr)).decode()


def test_a_module_run_with_m_is_run_as_python_m_runs_it() -> None:
    """``loopscope trace -m``: sys.argv[0] is the module's file, and the stack the program
    prints and its uncaught traceback keep runpy's two frames, as under ``python -m``."""
    expected = _run([sys.executable, "-m"], "run_as_module")
    status, out, err = _run([*MODES["real"][0], "-m"], "run_as_module")
    assert expected[0] == 1
    assert (status, out.decode(), MODES["real"][1](err).decode()) == (
        expected[0], expected[1].decode(), expected[2].decode())


def test_there_are_enough_unseen_programs() -> None:
    assert len(PROGRAMS) >= 25


#: Programs whose whole output goes through print()/logging/warnings (no os.write, no
#: sys.stdout.buffer): the debugger's output events carry it all, in order.
INTERACTIVE = ["except_star.py", "never_retrieved.py", "future_handlers.py",
               "unhandled_exit.py", "excepthook.py", "exit_in_task.py", "logging_debug.py",
               "timeouts_expire.py", "executor_mix.py"]


@pytest.mark.parametrize("name", INTERACTIVE)
def test_the_interactive_debuggee_outputs_what_plain_python_prints(name: str, start) -> None:
    driver: Driver = start(str(HERE / name))
    driver.pause()
    driver.send("continue")
    ended = driver.wait_end(timeout=TIMEOUT)
    streams = {"stdout": "", "stderr": ""}
    for event in driver.events:
        if event["kind"] == "output":
            streams[event["stream"]] += event["text"]
    status, out, err = _run([sys.executable], name)
    # The debuggee runs from the repository root, not from the program's folder.
    assert (ended["code"], streams["stdout"], streams["stderr"]) == (
        status, out.decode(), err.decode())


def test_the_programs_do_not_read_the_clock_absolutely() -> None:
    """Elapsed times only, rounded: what the virtual-clock contract promises to keep."""
    for name in PROGRAMS:
        text = Path(HERE / name).read_text()
        assert "time.time()" not in text and "datetime.now" not in text, name
