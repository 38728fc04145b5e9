"""Child processes and closed descriptors (issue 14, items 6 and 7).

A child process is the program's: ``multiprocessing`` children (fork, spawn, forkserver), a
``ProcessPoolExecutor``'s workers and a child of ``os.fork()`` that keeps running the loop run
on the stock loop and the real clock, and never write to loopscope's pipes nor wait for its
commands (``loopscope/engine/children.py``). The programs are in ``tests/unseen/`` (compared
once per mode there; ``child_sees_stock.py`` prints what a child sees of the loop, the clock and
the hooks); here each runs ``REPEAT`` times under ``loopscope trace``, since what
went wrong before went wrong in some runs only (a child's bytes in the event pipe, a false
deadlock), and the interactive debugger steps the parent to its end.

A program that closes every descriptor above stderr (``os.closerange(3, 4096)``) closes
loopscope's pipes: the program runs to its end with its output and its status, and the front
end says in one line that the rest was not traced.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from loopscope.session import PIPES_CLOSED

from ._support import PROGRAMS, ROOT, env
from .test_interactive import Driver
from .test_unseen import _TRACE_LINE

UNSEEN = ROOT / "tests" / "unseen"
CHILDREN = ["mp_children.py", "process_pool_asyncio.py", "os_fork_loop.py", "child_sees_stock.py"]
CLOSERANGE = "closerange_daemon.py"  # in tests/engine/programs: its stderr gains our line
REPEAT = 5
TIMEOUT = 60


def _run(argv: list[str], name: str, cwd: Path = UNSEEN) -> tuple[int, str, str]:
    child_env = env(PYTHONHASHSEED="0")
    child_env.pop("PYTHONUNBUFFERED", None)
    proc = subprocess.run([*argv, name], cwd=cwd, env=child_env, capture_output=True,
                          timeout=TIMEOUT)
    status = 128 - proc.returncode if proc.returncode < 0 else proc.returncode
    return status, proc.stdout.decode(), proc.stderr.decode()


def _plain(name: str, cwd: Path = UNSEEN) -> tuple[int, str, str]:
    return _run([sys.executable], name, cwd)


def _trace(name: str, *options: str, cwd: Path = UNSEEN) -> tuple[int, str, str]:
    return _run([sys.executable, "-m", "loopscope", "trace", *options], name, cwd)


def _program_stderr(stderr: str) -> str:
    return _TRACE_LINE.sub(b"", stderr.encode()).decode()


@pytest.mark.parametrize("name", CHILDREN)
def test_children_run_as_under_plain_python_every_time(name: str) -> None:
    expected = _plain(name)
    for _ in range(REPEAT):
        status, out, err = _trace(name)
        assert (status, out, _program_stderr(err)) == expected


def _drive_to_the_end(driver: Driver, steps: int) -> tuple[int, dict[str, Any]]:
    """Step up to ``steps`` times, then continue to the end: (pauses seen, ``ended``)."""
    driver.pause()
    pauses = 0
    while pauses < steps:
        driver.send("step")
        while (event := driver.next_event(TIMEOUT))["kind"] not in ("paused", "ended"):
            pass
        if event["kind"] == "ended":
            return pauses, event
        pauses += 1
    driver.send("continue")
    return pauses, driver.wait_end(timeout=TIMEOUT)


def _lines(events: list[dict[str, Any]], stream: str) -> list[str]:
    """The program's lines on a stream, from output events and raw output (a child's writes
    reach file descriptor 1 directly, on another pipe: only the lines can be compared)."""
    text = "".join(e["text"] for e in events if e["kind"] == "output" and e["stream"] == stream)
    return sorted(text.splitlines())


@pytest.mark.parametrize("name", CHILDREN)
def test_the_debugger_steps_the_parent_while_children_run(name: str, start) -> None:
    driver: Driver = start(str(UNSEEN / name))
    pauses, ended = _drive_to_the_end(driver, steps=12)
    status, out, err = _plain(name)
    assert pauses >= 4
    assert not [e for e in driver.events if e["kind"] == "error"]
    assert (ended["code"], _lines(driver.events, "stdout")) == (status, sorted(out.splitlines()))


def test_the_fork_warning_shows_when_the_program_has_threads_of_its_own(tmp_path: Path) -> None:
    """3.12+ warns at ``os.fork()`` in a multi-threaded process: loopscope's own threads do not
    count (``os_fork_loop.py`` shows none), the program's do."""
    script = tmp_path / "threads_then_fork.py"
    script.write_text(textwrap.dedent("""\
        import asyncio, os, threading

        async def main():
            await asyncio.sleep(0.01)

        asyncio.run(main())
        gate = threading.Event()
        helper = threading.Thread(target=gate.wait)
        helper.start()
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        gate.set()
        helper.join()
        print("child status", os.waitpid(pid, 0)[1])
    """))
    status, out, err = _plain(script.name, cwd=tmp_path)
    got_status, got_out, got_err = _trace(script.name, cwd=tmp_path)
    pid = re.compile(r"pid=\d+")
    assert (got_status, got_out, pid.sub("pid=N", _program_stderr(got_err))) == (
        status, out, pid.sub("pid=N", err))
    if sys.version_info >= (3, 12):
        assert "multi-threaded" in err


def test_no_fork_warning_when_the_program_never_had_a_thread(tmp_path: Path) -> None:
    """loopscope's own two threads must not make 3.12+ warn at a fork of a single-threaded
    program (plain python, which never had another thread, does not)."""
    script = tmp_path / "fork_alone.py"
    script.write_text(textwrap.dedent("""\
        import asyncio, os

        async def main():
            await asyncio.sleep(0.01)

        asyncio.run(main())
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        print("child status", os.waitpid(pid, 0)[1])
    """))
    status, out, err = _plain(script.name, cwd=tmp_path)
    got_status, got_out, got_err = _trace(script.name, cwd=tmp_path)
    assert (status, out, err) == (0, "child status 0\n", "")
    assert (got_status, got_out, _program_stderr(got_err)) == (status, out, err)


# -- closed descriptors ---------------------------------------------------------------------


def test_closerange_keeps_the_program_s_output_and_status_and_says_so_last() -> None:
    status, out, err = _plain(CLOSERANGE, cwd=PROGRAMS)
    assert status == 3
    got = _trace(CLOSERANGE, cwd=PROGRAMS)
    assert got == (status, out, err + f"loopscope: {PIPES_CLOSED}\n")


def test_closerange_under_json_keeps_the_status_and_the_output() -> None:
    status, out, err = _plain(CLOSERANGE, cwd=PROGRAMS)
    got_status, got_out, _ = _trace(CLOSERANGE, "--json", cwd=PROGRAMS)
    events = [json.loads(line) for line in got_out.splitlines()]
    assert got_status == status == events[-1]["code"]
    assert [e for e in events if e["kind"] == "error"] == [
        {"kind": "error", "message": PIPES_CLOSED, "pipes_closed": True}]
    assert _lines(events, "stdout") == sorted(out.splitlines())
    assert _lines(events, "stderr") == sorted(err.splitlines())


def test_closerange_ends_an_interactive_session_with_an_error(start) -> None:
    driver: Driver = start(str(PROGRAMS / CLOSERANGE))
    began = time.monotonic()
    ended = driver.wait_end(timeout=TIMEOUT)
    assert time.monotonic() - began < TIMEOUT
    errors = [e for e in driver.events if e["kind"] == "error"]
    assert errors == [{"kind": "error", "message": PIPES_CLOSED, "pipes_closed": True}]
    assert driver.events.index(errors[0]) < driver.events.index(ended)
    status, out, _ = _plain(CLOSERANGE, cwd=PROGRAMS)
    assert (ended["code"], _lines(driver.events, "stdout")) == (status, sorted(out.splitlines()))
