"""The ``io_detail`` section of a snapshot: file descriptors with their tasks, subprocesses,
executor threads and signal handlers (``loopscope/engine/io_snapshot.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from ._support import PROGRAMS, loopscope, normalize, python
from .test_interactive import Driver


@pytest.fixture
def io_threads() -> Iterator[Driver]:
    driver = Driver(str(PROGRAMS / "io_threads.py"))
    yield driver
    driver.close()


def _idle(driver: Driver) -> dict[str, Any]:
    paused = driver.pause()
    while paused["reason"] != "idle":
        paused = driver.step()
    return paused["snapshot"]


def _pid(text: Any) -> Any:
    return re.sub(r"pid \d+", "pid N", text) if isinstance(text, str) else text


def test_pipes_subprocess_executor_thread_and_signal_handler(io_threads: Driver) -> None:
    snap = _idle(io_threads)
    assert snap["waiting_for_io"] is True
    detail = snap["io_detail"]
    pipes = [(f["direction"], f["kind"], _pid(f["role"]), normalize(f["task"]), f["waiting"])
             for f in detail["fds"] if f["kind"] == "pipe"]
    assert pipes == [("read", "pipe", "stdin of pid N", "Task-#", False),
                     ("read", "pipe", "stdout of pid N", "reader", True)]
    # 3.12+ also watch the child's pidfd: it is named, and no task is parked on it.
    assert [_pid(f["role"]) for f in detail["fds"] if f["kind"] == "pidfd"] in (
        [], ["exit of pid N"])
    (proc,) = detail["subprocesses"]
    assert proc["command"].endswith("-c import sys; sys.stdin.readline()")
    assert (proc["returncode"], proc["task"], proc["waiting"]) == (None, "reaper", True)
    (job,) = detail["threads"]
    assert {k: job[k] for k in ("thread", "what", "line", "task")} == {
        "thread": "asyncio_0", "what": "work()", "line": 13, "task": "job"}
    assert job["file"].endswith("io_threads.py")
    assert detail["signals"] == [{"signal": "SIGUSR1", "what": "Event.set()"}]


def test_the_tcp_program_prints_what_a_plain_run_prints() -> None:
    program = PROGRAMS / "tcp_clients.py"
    plain = python(program, timeout=30)
    traced = loopscope("trace", program, timeout=30)
    assert plain.returncode == traced.returncode == 0
    assert traced.stdout == plain.stdout == (
        "client-1: welcome\nclient-2: welcome\nclient-3: welcome\nall done\n")


@pytest.fixture
def unpiped() -> Iterator[Driver]:
    driver = Driver(str(PROGRAMS / "child_unpiped.py"))
    yield driver
    driver.close()


def test_a_child_without_pipes_is_found_through_its_watcher(unpiped: Driver) -> None:
    snap = _idle(unpiped)
    (proc,) = snap["io_detail"]["subprocesses"]
    assert proc["command"].endswith("-c import time; time.sleep(60)")
    assert (proc["returncode"], proc["task"], proc["waiting"]) == (None, "reaper", True)
