"""Reliability of ``loopscope trace`` (issue 7): bad command lines and programs that misbehave.

A debugger runs programs that are broken by definition. Each program of
``tests/reliability_programs/`` fails in one way (a syntax error, ``os._exit``, a segfault, a
signal, 50 MB of output, ...); each is run under plain ``python`` and under ``loopscope trace``,
and the two must give the same stdout, byte for byte, and the same exit status (a death by
signal N counts as 128+N, as a shell reports it). A program that never ends on its own (an
endless CPU loop) is killed from outside in both runs at the same point of its output.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ._support import ROOT, env, loopscope

HERE = ROOT / "tests" / "reliability_programs"
#: Generous: a run here takes well under a second unless something hangs.
TIMEOUT = 90


def exit_status(returncode: int) -> int:
    return 128 - returncode if returncode < 0 else returncode


# -- 1. bad command lines, in both front ends ----------------------------------------------------

FRONT_ENDS = [(), ("trace",)]


@pytest.mark.parametrize("front", FRONT_ENDS, ids=["loopscope", "trace"])
@pytest.mark.parametrize(("args", "message"), [
    (("nosuch.py",), "no such file: nosuch.py"),
    (("samples",), "samples is a directory, not a Python script"),
    (("-m", "no_such_module_here"), "no module named no_such_module_here"),
    (("-m", "json.no_such_submodule"), "no module named json.no_such_submodule"),
    (("--bogus", "samples/waiter.py"), "unrecognized arguments: --bogus"),
    (("--clock", "sundial", "samples/waiter.py"),
     "argument --clock: invalid choice: 'sundial' (choose from 'virtual', 'real')"),
    (("--slow", "soon", "samples/waiter.py"), "argument --slow: invalid float value: 'soon'"),
    (("-m",), "argument -m: expected one argument"),
], ids=["missing", "directory", "missing-module", "missing-submodule", "unknown-option",
        "bad-choice", "bad-number", "m-without-module"])
def test_a_bad_command_line_is_one_line_and_status_2(front: tuple[str, ...],
                                                      args: tuple[str, ...],
                                                      message: str) -> None:
    done = loopscope(*front, *args, timeout=30)
    assert (done.returncode, done.stderr, done.stdout) == (2, f"loopscope: error: {message}\n", "")


@pytest.mark.parametrize("front", FRONT_ENDS, ids=["loopscope", "trace"])
def test_a_file_that_is_not_python_is_refused(front: tuple[str, ...], tmp_path: Path) -> None:
    binary = tmp_path / "picture.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    done = loopscope(*front, binary, timeout=30)
    assert done.returncode == 2
    assert done.stderr == f"loopscope: error: {binary} is not a Python script (it is a binary file)\n"


def test_a_module_that_exists_still_runs() -> None:
    done = loopscope("trace", "-m", "json.tool", stdin='{"a": 1}')
    assert (done.returncode, done.stdout) == (0, '{\n    "a": 1\n}\n')


# -- 2 and 3. programs that fail, under plain python and under loopscope trace -----------------


@dataclass
class Run:
    status: int
    stdout: bytes
    stderr: bytes


def _run(argv: list[str], kill_after: bytes | None = None) -> Run:
    """Run in the programs' folder with stdin at end of file; ``kill_after``: SIGTERM the
    process once its stdout has printed that line (for programs that never end)."""
    proc = subprocess.Popen(argv, cwd=HERE, env=env(PYTHONHASHSEED="0"),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        if kill_after is not None:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            assert first == kill_after, first
            proc.send_signal(signal.SIGTERM)
            rest, err = proc.communicate(timeout=TIMEOUT)
            return Run(exit_status(proc.returncode), first + rest, err)
        out, err = proc.communicate(timeout=TIMEOUT)
        return Run(exit_status(proc.returncode), out, err)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


#: (program, exit status under plain python, what ends it if it never ends by itself)
PROGRAMS: list[tuple[str, int, bytes | None]] = [
    ("syntax_error.py", 1, None),
    ("import_error.py", 1, None),
    ("no_loop.py", 0, None),
    ("empty.py", 0, None),
    ("sys_exit.py", 7, None),
    ("os_exit.py", 5, None),
    ("segfault.py", 128 + signal.SIGSEGV, None),
    ("self_signal.py", 128 + signal.SIGTERM, None),
    ("recursion.py", 1, None),
    ("cpu_loop.py", 128 + signal.SIGTERM, b"spinning\n"),
    ("big_output.py", 0, None),
    ("input_eof.py", 1, None),
    ("close_stdout.py", 3, None),
    ("chdir.py", 1, None),
    ("signal_handlers.py", 9, None),
    ("thread_loops.py", 0, None),
    ("run_twice.py", 1, None),
]


@pytest.mark.parametrize(("name", "status", "kill_after"), PROGRAMS,
                         ids=[name for name, _, _ in PROGRAMS])
def test_trace_gives_the_status_and_output_plain_python_gives(
        name: str, status: int, kill_after: bytes | None) -> None:
    plain = _run([sys.executable, name], kill_after)
    traced = _run([sys.executable, "-m", "loopscope", "trace", name], kill_after)
    assert plain.status == status, plain.stderr[-2000:]
    assert traced.status == plain.status, traced.stderr[-2000:]
    assert traced.stdout == plain.stdout
    assert str(ROOT / "loopscope").encode() not in traced.stderr  # no frame of ours


@pytest.mark.slow
def test_a_blocking_sleep_of_a_minute_takes_no_time_on_the_virtual_clock() -> None:
    """Plain python really sleeps 60 s (run alongside); the trace jumps the clock and says so."""
    plain = subprocess.Popen([sys.executable, "blocking_sleep.py"], cwd=HERE, env=env(),
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    started = time.monotonic()
    traced = _run([sys.executable, "-m", "loopscope", "trace", "blocking_sleep.py"])
    took = time.monotonic() - started
    out, _ = plain.communicate(timeout=TIMEOUT)
    assert (traced.status, traced.stdout) == (plain.returncode, out) == (
        0, b"sleeping for a minute, blocking the loop\nwoke up\n")
    assert took < 30
    lines = traced.stderr.decode().splitlines()
    assert ("        BLOCKED in task Task-1 at blocking_sleep.py:9: time.sleep(60) held the loop"
            in lines)
    assert lines[-3].startswith("[    1] t=60       Task-1 ")


@pytest.mark.parametrize("name", ["syntax_error.py", "import_error.py"])
def test_a_program_that_fails_before_any_loop_gets_the_interpreters_own_message(name: str) -> None:
    plain = _run([sys.executable, name])
    traced = _run([sys.executable, "-m", "loopscope", "trace", name])
    assert traced.stderr == plain.stderr
    text = traced.stderr.decode()
    if name == "syntax_error.py":
        assert text.startswith(f'  File "{HERE / name}", line 5\n    def broken(:\n')
        assert text.endswith("SyntaxError: invalid syntax\n") or "SyntaxError" in text
    else:
        assert f'File "{HERE / name}", line 4, in <module>' in text


@pytest.mark.parametrize(("name", "output"), [("no_loop.py", "just printing, no event loop\n"),
                                              ("empty.py", "")])
def test_a_program_without_a_loop_says_so_after_its_output(name: str, output: str) -> None:
    done = loopscope("trace", HERE / name)
    assert (done.returncode, done.stdout) == (0, output)
    assert done.stderr == "loopscope: the program finished without running an event loop\n"


def test_killing_loopscope_trace_ends_the_debuggee_too() -> None:
    """SIGTERM to the tracer of an endless program: no debuggee is left spinning."""
    proc = subprocess.Popen([sys.executable, "-m", "loopscope", "trace", "cpu_loop.py"],
                            cwd=HERE, env=env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"spinning\n"
    debuggees = _children(proc.pid)
    assert len(debuggees) == 1
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=TIMEOUT)
    assert exit_status(proc.returncode) == 128 + signal.SIGTERM
    _wait_gone(debuggees)


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry))
    return out


def _wait_gone(pids: set[int], timeout: float = 10.0) -> None:
    """Processes that end by themselves (the debuggee sees its channel close) within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = {pid for pid in pids if _alive(pid)}
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"processes left behind: {sorted(alive)}")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- 4. a broken debuggee ---------------------------------------------------------------------

FAKE = str(HERE / "fake_debuggee.py")
BAD = "loopscope: the debuggee sent a bad message ({}); the session was ended\n"


@pytest.mark.parametrize(("fault", "why"), [
    ("garbage", "message is not JSON: Expecting value: line 1 column 1 (char 0)"),
    ("unknown_kind", "unknown message kind 'teleport'"),
    ("wrong_version", "debuggee speaks protocol 99, this loopscope speaks 1"),
    ("truncated", "a message cut short"),
    ("oversized", "a message longer than 64 MiB"),
])
def test_a_debuggee_that_breaks_the_protocol_ends_the_session_in_one_line(
        fault: str, why: str) -> None:
    from loopscope import trace
    from loopscope.session import LOST, Launch

    out, err = io.StringIO(), io.StringIO()
    launch = Launch(target=[fault], agent_script=FAKE, time_limit=86400.0)
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current size
    before = _memory_kb("VmRSS")
    code = trace.run(launch, out=out, err=err)
    assert (code, out.getvalue(), err.getvalue()) == (LOST, "", BAD.format(why))
    # An endless line is refused at the limit (64 MiB): it is never held whole.
    assert _memory_kb("VmHWM") - before < 300_000


def test_a_debuggee_killed_from_outside_is_told_as_such() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "loopscope", "trace", "cpu_loop.py"],
                            cwd=HERE, env=env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"spinning\n"
    (debuggee,) = _children(proc.pid)
    os.kill(debuggee, signal.SIGKILL)
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == -signal.SIGKILL  # the tracer ends as the program did
    assert err.decode().splitlines()[-1] == "loopscope: the program was killed by SIGKILL"


def _memory_kb(field: str) -> int:
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith(field + ":"):
            return int(row.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")


def _read_all(data: bytes) -> list[dict[str, object]]:
    """What the front end's reader makes of ``data`` on the event pipe (no process needed)."""
    from loopscope.session import Debuggee, Launch

    debuggee = Debuggee(Launch(target=["x.py"]))
    debuggee._read_events(io.BufferedReader(io.BytesIO(data)))  # type: ignore[arg-type]
    events = []
    while not debuggee.events.empty():
        events.append(debuggee.events.get_nowait())
    return events


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=60), st.sampled_from([
    b'{"kind":"exit","code":0}\n', b'{"kind":"output","stream":"stdout","text":"hi"}\n',
    b"\n", b'{"kind":"hello"', b"\xff\xfe\n"])), max_size=8))
def test_fuzz_the_reader_ends_with_at_most_one_fatal_error(parts: list[bytes]) -> None:
    """Whatever comes down the pipe: good events in order, then at most one error, the last."""
    events = _read_all(b"".join(parts))
    errors = [e for e in events if e["kind"] == "error"]
    assert len(errors) <= 1
    if errors:
        assert events[-1] is errors[0] and errors[0]["fatal"] is True
        message = str(errors[0]["message"])
        assert message.startswith("the debuggee sent a bad message (") and "\n" not in message
