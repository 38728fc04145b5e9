"""A recording is checked field by field when it is read (issue 14, item 9).

A real recording of ``samples/waiter.py`` is made once, then mutated (a field given the wrong
type, removed, made huge or negative, nested wrongly). Each mutant is either refused by
``recording.check`` with one line naming the line, the step and the field, or replayed to
the end without a single exception: headless (the replay source answering ``step``,
``continue``, ``run_to_task``, fed to the UI's state, its timeline, its task figures and the
pure functions behind the panes), and, for a few mutants, by the real app under a Pilot.
``loopscope replay`` refuses a bad one with exit status 2 and no traceback, and returns the
app's own status when the app fails.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loopscope import recording_check
from loopscope.recording import RecordingError, check
from loopscope.replay import ReplaySource, run_replay
from loopscope.stats import TaskStats
from loopscope.timeline import Timeline, View
from loopscope.ui import view as view_mod
from loopscope.ui.await_graph import await_forest
from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.io_pane import io_rows
from loopscope.ui.paths import PathStyle
from loopscope.ui.phase_strip import details
from loopscope.ui.state import RunState

from .conftest import REPO, screen_text, started

Lines = list[dict[str, Any]]


@pytest.fixture(scope="module")
def waiter_lines(tmp_path_factory: pytest.TempPathFactory) -> Lines:
    """The lines (header first) of a real recording of ``samples/waiter.py``."""
    out = tmp_path_factory.mktemp("rec") / "waiter.loopscope"
    subprocess.run([sys.executable, "-m", "loopscope", "record", "-o", str(out),
                    "samples/waiter.py"], cwd=REPO, check=True, capture_output=True,
                   timeout=120)
    with gzip.open(out, "rt") as handle:
        return [json.loads(line) for line in handle]


def write(lines: Lines, path: Path) -> Path:
    with gzip.open(path, "wt") as handle:
        for line in lines:
            handle.write(json.dumps(line) + "\n")
    return path


# -- driving a replay without a screen -----------------------------------------------------------


def replay_headless(path: Path) -> RunState:
    """Every step of ``path`` as the debugger would take it, through the code behind its panes."""
    source = ReplaySource(str(path), break_tasks=["Table 3"])
    source.start()
    run = RunState(history_limit=1000)
    stats, timeline = TaskStats(), Timeline()
    paths = PathStyle(str(REPO), source.script)
    commands = iter([{"kind": "step"}, {"kind": "run_to_task", "task_id": "T3"},
                     {"kind": "continue"}, {"kind": "step_callback"}])
    for _ in range(1000):
        batch = source.next_batch(1.0)
        run.apply_all(batch)
        for event in batch:
            stats.feed(event)
            timeline.feed(event)
        if run.ended:
            break
        source.send(next(commands, {"kind": "step"}))
    else:
        raise AssertionError("the replay never ended")
    timeline.finish()
    timeline.svg("t")
    timeline.chrome_json()
    stats.rows(internal=True)
    for number in range(run.history.first, run.history.end):
        entry = run.history.get(number)
        snap = entry.snapshot
        for lane in timeline.shown_lanes(snap.get("step")):
            timeline.lane_columns(lane, View(40, max(timeline.end, 1.0), 0.0, snap.get("step")))
        timeline.fired_columns(View(40, timeline.end, 0.0))
        view_mod.source_target(snap, None, None, source.script)
        view_mod.source_target(snap, view_mod.focus_task(snap, None), None, source.script)
        view_mod.line_marks(snap.get("tasks") or [], str(REPO / "samples/waiter.py"))
        view_mod.status_info(run, number, False, 0)
        await_forest(snap)
        io_rows(snap.get("io_detail") or {}, paths)
        for phase in ("ready", "timers", "io", "callbacks", ""):
            details(phase, snap)
        entry.sentence("waiter")
    view_mod.status_info(run, None, False, 0)
    source.stop()
    return run


def test_the_real_recording_replays_headless(waiter_lines: Lines, tmp_path: Path) -> None:
    path = write(waiter_lines, tmp_path / "ok.loopscope")
    check(path)
    run = replay_headless(path)
    assert run.finished and run.exit_code == 0


# -- mutants --------------------------------------------------------------------------------------


def leaves(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in ``value``: keys of objects and indexes of lists, nested."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*at, key)
            yield from leaves(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*at, index)
            yield from leaves(item, (*at, index))


WEIRD: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from([None, True, False, "zero", "", "T", "\0", "T9999", [], {}, [[]], [{}],
                     {"id": "T1"}, -1, 0, 1, 2**63, -(2**63), 10**30, 1e308, -1e-9,
                     float("nan"), float("inf"), 0.5, [1, 2, 3], ["a", 1, None]]),
    st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
    st.lists(st.integers(), max_size=3),
)


@st.composite
def mutant(draw: st.DrawFn, lines: Lines) -> Lines:
    copy: Lines = json.loads(json.dumps(lines))
    for _ in range(draw(st.integers(1, 3))):
        number = draw(st.integers(0, len(copy) - 1))
        places = list(leaves(copy[number]))
        if not places:
            continue
        place = draw(st.sampled_from(places))
        parent: Any = copy[number]
        for key in place[:-1]:
            parent = parent[key]
        key = place[-1]
        how = draw(st.sampled_from(["replace", "replace", "replace", "delete", "wrap",
                                    "unwrap", "negate", "huge"]))
        old = parent[key]
        if how == "delete":
            del parent[key]
        elif how == "wrap":
            parent[key] = [old]
        elif how == "unwrap":
            inner = (list(old.values()) if isinstance(old, dict) else
                     old if isinstance(old, list) else [])
            parent[key] = inner[0] if inner else old
        elif how == "negate" and isinstance(old, (int, float)) and not isinstance(old, bool):
            parent[key] = -old - 1
        elif how == "huge" and isinstance(old, (int, float)) and not isinstance(old, bool):
            parent[key] = old * 10**40 + 10**40
        else:
            # A fresh copy: ``sampled_from`` hands out the same list or dict each time, and a
            # later mutation into it would change the constant (or put it inside itself).
            parent[key] = deepcopy(draw(WEIRD))
    return copy


def refused_or_replayed(lines: Lines) -> str | None:
    """None if ``lines`` replays cleanly; the refusal's message if it is refused."""
    with tempfile.TemporaryDirectory() as folder:
        path = write(lines, Path(folder) / "mutant.loopscope")
        try:
            check(path)
        except RecordingError as exc:
            message = str(exc)
            assert message and "\n" not in message, message
            assert "Traceback" not in message
            return message
        replay_headless(path)
    return None


@settings(max_examples=int(os.environ.get("LOOPSCOPE_FUZZ_EXAMPLES", "300")), deadline=None,
          derandomize=os.environ.get("LOOPSCOPE_FUZZ_RANDOM") is None,  # CI: the same examples
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_mutated_recording_is_refused_in_one_line_or_replays(waiter_lines: Lines,
                                                               data: st.DataObject) -> None:
    refused_or_replayed(data.draw(mutant(waiter_lines)))


def first_paused(lines: Lines) -> int:
    return next(i for i, line in enumerate(lines) if line.get("kind") == "paused")


def test_a_string_time_is_refused_naming_the_step_and_the_field(waiter_lines: Lines,
                                                                tmp_path: Path) -> None:
    lines = json.loads(json.dumps(waiter_lines))
    lines[first_paused(lines)]["snapshot"]["t"] = "zero"
    path = write(lines, tmp_path / "t.loopscope")
    with pytest.raises(RecordingError) as caught:
        check(path)
    assert str(caught.value) == (
        f"{path}, line {first_paused(lines) + 1} (step 0): paused event: snapshot.t is "
        "'zero', not a number from 0 to 1e+10")


@pytest.mark.parametrize(("where", "value", "field"), [
    (("snapshot", "tasks", 0, "line"), -3, "snapshot.tasks[0].line"),
    (("snapshot", "tasks", 0, "chain", 0, "file"), 7, "snapshot.tasks[0].chain[0].file"),
    (("snapshot", "ready", 0, "task_id"), ["T1"], "snapshot.ready[0].task_id"),
    (("snapshot", "executor_pending"), -1, "snapshot.executor_pending"),
    (("snapshot", "io_detail", "fds"), {}, "snapshot.io_detail.fds"),
    (("snapshot", "tasks", 0, "id"), "T1\0", "snapshot.tasks[0].id"),
])
def test_each_part_of_a_snapshot_is_checked(waiter_lines: Lines, tmp_path: Path,
                                            where: tuple[Any, ...], value: Any,
                                            field: str) -> None:
    lines = json.loads(json.dumps(waiter_lines))
    parent: Any = lines[first_paused(lines)]
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = value
    with pytest.raises(RecordingError, match=rf"\(step 0\): paused event: {re.escape(field)} is"):
        check(write(lines, tmp_path / "bad.loopscope"))


def test_a_delta_is_checked_before_it_is_applied(waiter_lines: Lines, tmp_path: Path) -> None:
    lines = json.loads(json.dumps(waiter_lines))
    number = next(i for i, line in enumerate(lines) if "delta" in line
                  and line["delta"].get("splice", {}).get("timers"))
    lines[number]["delta"]["splice"]["timers"][0][2] = [{"what": "task One"}]  # no "when"
    with pytest.raises(RecordingError, match=r"delta\.splice\.timers\[0\]\[2\]\[0\]\.when is "
                                             "missing"):
        check(write(lines, tmp_path / "bad.loopscope"))


def test_every_event_field_of_the_real_recording_has_a_spec(waiter_lines: Lines) -> None:
    """The table names every field the engine sends, so none goes unchecked by oversight."""
    unknown = set()
    for line in waiter_lines[1:]:
        fields = recording_check.EVENTS[line["kind"]]
        unknown |= {(line["kind"], name) for name in line
                    if name not in fields and name not in ("kind", "snapshot", "delta")}
        snap = line.get("snapshot") or line.get("delta", {}).get("set") or {}
        unknown |= {("snapshot", name) for name in snap
                    if name not in recording_check.SECTIONS}
    assert not unknown


# -- the command line and the real app -----------------------------------------------------------


def test_loopscope_replay_refuses_a_bad_field_in_one_line(waiter_lines: Lines,
                                                           tmp_path: Path) -> None:
    lines = json.loads(json.dumps(waiter_lines))
    lines[first_paused(lines)]["snapshot"]["t"] = "zero"
    path = write(lines, tmp_path / "t.loopscope")
    done = subprocess.run([sys.executable, "-m", "loopscope", "replay", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "snapshot.t is 'zero'" in done.stderr


def test_replay_returns_the_apps_status(waiter_lines: Lines, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """When the app fails, ``app.run()`` returns None and the app's ``return_code`` is 1:
    ``loopscope replay`` exits with it, not 0."""
    path = write(waiter_lines, tmp_path / "ok.loopscope")

    def pane_fails() -> None:
        raise RuntimeError("a pane failed")

    async def fail(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.call_later(pane_fails)  # in the app's message loop, as a pane's bug would be
        await pilot.pause()

    def headless(app: Any) -> Any:
        return app.run(headless=True, size=(100, 30), auto_pilot=fail)

    monkeypatch.setattr("loopscope.ui.app.run_in_terminal", headless)
    assert run_replay(str(path), [], []) == 1


PILOT_MUTANTS = [
    (("snapshot", "t"), 10**9),
    (("snapshot", "tasks", 0, "chain"), []),
    (("snapshot", "ready"), []),
    (("snapshot", "tasks", 0, "file"), None),
    (("snapshot", "timers"), [{"when": 3.0, "what": "x", "task_id": None}]),
]


@pytest.mark.parametrize(("where", "value"), PILOT_MUTANTS)
async def test_accepted_mutants_step_through_the_real_app(waiter_lines: Lines, tmp_path: Path,
                                                          where: tuple[Any, ...],
                                                          value: Any) -> None:
    lines = json.loads(json.dumps(waiter_lines))
    for line in lines:
        if line.get("kind") != "paused" or "snapshot" not in line:
            continue
        parent: Any = line
        for key in where[:-1]:
            parent = parent[key]
        parent[where[-1]] = value
    path = write(lines, tmp_path / "mutant.loopscope")
    check(path)
    source = ReplaySource(str(path))
    app = LoopscopeApp(source, breaks=[], break_tasks=[], history_limit=1000)
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        for key in ("space", "space", "v", "g", "o", "y", "left", "left", "right", "c"):
            await pilot.press(key)
            await pilot.pause()
        await app.wait_for(lambda: app.run_state.finished)
        await pilot.pause()
        assert screen_text(app)
    source.stop()
    assert app.return_code in (None, 0)
