"""Keys in bursts, and step numbers after ``c``/``p`` (issue 14, items 3 and 4).

A terminal hands over what was typed in one read: several keys reach the app before any answer
of the debuggee. Each must take effect, in order: ``c`` then ``p`` pauses the program (the ``p``
used to find the run still paused and was dropped), and 200 step keys make 200 steps, landing
where one key at a time lands. The step and switch numbers on screen are the trace's: a pause
used to count the self-pipe read that woke the loop for it, one step more per ``c``/``p``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from .conftest import REPO, MakeApp, latest, press, program, started, status_text, until


def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Keys as one read of the terminal brings them: all queued before any is handled."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app.post_message(event)


def trace_events(script: str, limit: int | None = None) -> list[dict[str, Any]]:
    """``loopscope trace --json`` of ``script``: its events, the first ``limit`` if given (the
    program may run for ever)."""
    command = [sys.executable, "-m", "loopscope", "trace", "--json", script]
    with subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as process:
        assert process.stdout is not None
        found = []
        for line in process.stdout:
            found.append(json.loads(line))
            if limit is not None and len(found) >= limit:
                break
        process.kill()
    return found


def shown_numbers(text: str) -> tuple[int, int]:
    """(step, switch) from the status bar."""
    match = re.search(r" step (\d+) · switch (\d+) ", text)
    assert match is not None, text
    return int(match[1]), int(match[2])


def stepping_pauses(trace: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(step, switch) at each pause of ``step`` after ``step`` from the start, from a trace:
    the first before the first task step, then one before every task step, and one where the
    ready queue ran dry with timers pending (``idle``), before the clock jumps."""
    pauses = [(0, 0)]
    step = switch = 0
    for event in trace:
        kind = event["kind"]
        if kind == "clock_jumped" and switch:
            pauses.append((step, switch))
        elif kind == "switch":
            if switch:
                pauses.append((step, switch))
            step, switch = event["step"], event["switch"]
        elif kind == "callback":
            step = event["step"]
    return pauses


async def test_c_and_p_in_one_read_pause_the_program(make_app: MakeApp) -> None:
    app = make_app(program("busy.py"))  # runs for ever: only the p can stop it
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        burst(pilot, "c", "p")
        await until(pilot, lambda: app.run_state.pauses >= 2)
        assert status_text(app).startswith(" paused ")
        assert status_text(app).rstrip().endswith("you pressed p")


async def test_200_step_keys_in_one_read_land_where_the_trace_says(make_app: MakeApp) -> None:
    script = program("queue_many.py")
    expected = stepping_pauses(trace_events(script))[200]
    app = make_app(script)
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        burst(pilot, *["n"] * 200)
        history = app.run_state.history
        await until(pilot, lambda: app.run_state.paused and sum(
            not history.own(number) for number in range(history.first, history.end)) == 201)
        assert shown_numbers(status_text(app)) == expected
        assert status_text(app).startswith(" paused ")


async def test_step_numbers_after_continue_and_pause_are_the_traces(make_app: MakeApp) -> None:
    # In busy.py's trace, every handle is a task step: step n is switch n, all along.
    trace = [e for e in trace_events(program("busy.py"), 3000) if e["kind"] == "switch"]
    assert trace and all(e["step"] == e["switch"] for e in trace)
    app = make_app(program("busy.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        run = app.run_state
        for cycle in range(4):
            pauses = run.pauses
            await pilot.press("c")
            await until(pilot, lambda: run.running)
            await pilot.press("p")
            await until(pilot, lambda before=pauses: run.pauses > before)
            step, switch = shown_numbers(status_text(app))
            assert (cycle, step) == (cycle, switch)
            pauses = run.pauses
            await pilot.press("n")
            await until(pilot, lambda before=pauses: run.pauses > before)
            assert shown_numbers(status_text(app)) == (step + 1, switch + 1)


async def test_step_keys_typed_while_a_step_runs_take_effect_after_it(
        make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = tmp_path / "release"
    monkeypatch.setenv("SPIN_UNTIL", str(release))  # the spinner holds the loop until then
    app = make_app(program("spin.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await press(pilot, "n")  # main's step: next, the Spinner's first
        run = app.run_state
        assert latest(app).snapshot["step"] == 1
        await pilot.press("n", "n")  # that step, then the spin
        await until(pilot, lambda: run.status == "blocked")
        pauses = run.pauses
        await pilot.press("n", "n")  # typed ahead while the spin holds the loop
        release.touch()
        # The spin's step ends, then the typed keys step on: the first lands on main's step,
        # the second passes asyncio's own shutdown step (folded) and reaches the end.
        await until(pilot, lambda: run.finished, timeout=15)
        history = run.history
        landed = [history.get(number).reason for number in range(pauses, history.end)
                  if not history.own(number)]
        assert landed == ["step", "step", "final"]
