"""Signals sent to ``loopscope trace`` reach the program, as if it had been started alone.

A user stops a server with Ctrl+C (SIGINT to the terminal's foreground process group); a
supervisor (systemd, a container runtime, ``timeout``) sends SIGTERM to the PID it started, which
is loopscope's. Under plain python the program's handlers and ``finally`` blocks run and it ends
with its own status; under loopscope it must print the same and end the same way: the tracer
passes the signal on, waits for the program, and ends as the program ended (by the same signal
when a signal ended it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from ._support import PROGRAMS, ROOT

SERVER = PROGRAMS / "signals" / "server.py"
TIMEOUT = 60


def _run(argv: list[str], signum: int, *, group: bool) -> tuple[int, bytes, bytes]:
    """Start ``argv`` as a terminal would start a job (its own process group), wait until it
    serves, send ``signum`` to the group or to the process, and collect how it ended."""
    proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first == b"serving\n", first
        if group:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        out, err = proc.communicate(timeout=TIMEOUT)
        return proc.returncode, first + out, err
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


LOOPSCOPE = [
    pytest.param(["trace"], id="trace"),
    pytest.param(["trace", "--summary", "--clock", "real"], id="summary-real"),
]


@pytest.mark.parametrize("ours", LOOPSCOPE)
def test_ctrl_c_runs_the_programs_cleanup_and_ends_it_as_under_python(ours: list[str]) -> None:
    plain = _run([sys.executable, str(SERVER)], signal.SIGINT, group=True)
    traced = _run([sys.executable, "-m", "loopscope", *ours, str(SERVER)], signal.SIGINT,
                  group=True)
    assert plain[1] == b"serving\ncleanup done\n"
    assert plain[2].endswith(b"KeyboardInterrupt\n")
    assert plain[0] == -signal.SIGINT
    assert traced[:2] == plain[:2]
    # The program's traceback, whole, among the trace's lines (or before the summary's).
    assert plain[2] in traced[2]


@pytest.mark.parametrize("ours", LOOPSCOPE)
def test_sigterm_to_loopscope_reaches_the_programs_handler(ours: list[str]) -> None:
    plain = _run([sys.executable, str(SERVER), "term"], signal.SIGTERM, group=False)
    traced = _run([sys.executable, "-m", "loopscope", *ours, str(SERVER), "term"],
                  signal.SIGTERM, group=False)
    assert plain == (0, b"serving\nSIGTERM: shutting down\ncleanup done\n", b"")
    assert traced[:2] == plain[:2]


def test_summary_counts_the_run_a_signal_ended() -> None:
    code, out, err = _run([sys.executable, "-m", "loopscope", "trace", "--summary",
                           str(SERVER), "term"], signal.SIGTERM, group=False)
    assert (code, out) == (0, b"serving\nSIGTERM: shutting down\ncleanup done\n")
    summary = err.decode().splitlines()[-1]
    assert summary.startswith("loopscope: ") and " 0 switches" not in summary, summary
    assert summary.endswith(", exit 0")


def test_a_signal_that_kills_the_program_kills_loopscope_by_the_same_signal() -> None:
    # No handler: SIGTERM's default action. Plain python dies by it; so does the tracer, with
    # no line of its own (the signal was the user's, passed on).
    plain = _run([sys.executable, str(SERVER)], signal.SIGTERM, group=False)
    traced = _run([sys.executable, "-m", "loopscope", "trace", "--summary", str(SERVER)],
                  signal.SIGTERM, group=False)
    assert plain == (-signal.SIGTERM, b"serving\n", b"")
    assert traced[:2] == plain[:2]
    assert b"killed by" not in traced[2]
