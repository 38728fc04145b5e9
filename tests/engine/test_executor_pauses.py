"""Pauses taken while executor jobs run: every one is a whole snapshot, with the jobs in its
``io_detail`` (``loopscope/engine/io_snapshot.py``, the executor section).

Since 3.14 a worker runs its job through ``WorkerContext.run`` and the ``_WorkItem`` keeps
``task=(fn, args, kwargs)``; looking for the work item by a frame's name and reading its ``fn``
then failed, and each such pause came out empty (no tasks, ready queue or timers) with an
engine error. The program keeps ``asyncio.to_thread``, ``run_in_executor`` and the name lookup
of ``open_connection`` running, on every CPython the engine tests run on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._support import PROGRAMS, loopscope, of_kind, program_output

PROGRAM = PROGRAMS / "executor" / "jobs_running.py"


def _lines(text: str) -> list[int]:
    """The numbers of the program's lines holding ``text``."""
    return [n for n, line in enumerate(PROGRAM.read_text().splitlines(), start=1)
            if text in line]


def _record(tmp_path: Path) -> list[dict[str, Any]]:
    from loopscope.recording import read_events

    out = tmp_path / "jobs.loopscope"
    # --slow 60: no report of a slow step (real time) depends on the machine.
    proc = loopscope("record", "--slow", "60", "-o", out, PROGRAM, timeout=60)
    assert proc.returncode == 0, proc.stderr
    _, events = read_events(out)
    return list(events)


def test_every_pause_while_executor_jobs_run_is_a_whole_snapshot(tmp_path: Path) -> None:
    events = _record(tmp_path)
    assert of_kind(events, "error") == []
    assert program_output(events, "stdout") == (
        "started: executor, lookup, to_thread\nto_thread done\nexecutor done\nhello\n")
    pauses = [e["snapshot"] for e in of_kind(events, "paused")]
    assert pauses
    for snap in pauses:
        assert "error" not in snap
        assert snap["tasks"], snap
        assert "io_detail" in snap and "waiting_for_io" in snap

    # main is ready on either sleep(0): the gate is shut and every job waits on its line.
    held = _lines("await asyncio.sleep(0)")
    assert len(held) == 2
    lookup_line, to_thread_line, executor_line = _lines("gate.wait_for(opened)")
    seen = [snap for snap in pauses
            if any(t["file"] and t["file"].endswith("jobs_running.py")
                   and t["state"] == "ready" and t["line"] in held for t in snap["tasks"])]
    assert len(seen) == 2
    for snap in seen:
        threads = snap["io_detail"]["threads"]
        assert sorted((j["task"], j["what"], j["line"], j["waiting"]) for j in threads) == [
            ("connect", "slow_getaddrinfo()", lookup_line, True),
            ("executor", "executor_job()", executor_line, True),
            ("thread", "to_thread_job()", to_thread_line, True),
        ]
        assert sorted(j["thread"] for j in threads) == ["asyncio_0", "asyncio_1", "asyncio_2"]
        assert all(j["file"] == str(PROGRAM) for j in threads)
        assert [(t["name"], t["state"]) for t in snap["tasks"] if t["name"] in (
            "thread", "executor", "connect")] == [
            ("thread", "waiting"), ("executor", "waiting"), ("connect", "waiting")]
