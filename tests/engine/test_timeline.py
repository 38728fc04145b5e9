"""The timeline of a run: lanes per task over virtual time, as SVG and as a Chrome trace."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from loopscope.timeline import Timeline, View

ROOT = Path(__file__).resolve().parent.parent.parent


def _trace(tmp_path: Path, script: str) -> tuple[dict, str]:
    svg, chrome = tmp_path / "run.svg", tmp_path / "run.json"
    done = subprocess.run(
        [sys.executable, "-m", "loopscope", "trace", "--timeline", str(svg),
         "--chrome-trace", str(chrome), str(ROOT / script)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return json.loads(chrome.read_text()), svg.read_text()


def test_queue_workers_lanes_show_the_waits_to_scale(tmp_path: Path) -> None:
    trace, svg = _trace(tmp_path, "samples/queue_workers.py")
    names = {e["tid"]: e["args"]["name"] for e in trace["traceEvents"]
             if e["ph"] == "M" and e["name"] == "thread_name"}
    sleeps: dict[str, list[tuple[float, float]]] = {}
    for event in trace["traceEvents"]:
        if event["ph"] == "X" and event["name"].startswith("sleep("):
            lane = names[event["tid"]]
            sleeps.setdefault(lane, []).append(
                (round(event["ts"] / 1e6, 3), round(event["dur"] / 1e6, 3)))
    assert sleeps == {
        "One": [(0.0, 15.0), (15.0, 2.0)],
        "Two": [(0.0, 10.0), (10.0, 5.0)],
    }
    assert "total 17 s (virtual)" in svg
    assert svg.count("<title>One waits for sleep(") == 2
    assert svg.count("<title>Two waits for sleep(") == 2


def test_asyncio_internal_tasks_are_left_out(tmp_path: Path) -> None:
    trace, _ = _trace(tmp_path, "samples/queue_workers.py")
    lanes = [e["args"]["name"] for e in trace["traceEvents"]
             if e["ph"] == "M" and e["name"] == "thread_name"]
    assert "One" in lanes and "Two" in lanes
    assert len(lanes) == 3  # main, One, Two: not shutdown_asyncgens / shutdown_default_executor


# -- the model the debugger's pane draws: any moment of the run, by step --------------------------

_GLYPH = {"ran": "┃", "held": "█", "ready": "░", "wait": "─", "unfollowed": "┄", "alive": "·", "none": " "}


def _row(timeline: Timeline, lane: str, view: View) -> str:
    return "".join(_GLYPH[c.state] for c in timeline.lane_columns(timeline.lanes[lane], view))


def _paused(step: int, t: float, ready: tuple[str, ...] = ()) -> dict:
    return {"kind": "paused", "reason": "step", "snapshot": {
        "step": step, "t": t, "tasks": [],
        "ready": [{"kind": "task", "task_id": tid, "task": tid} for tid in ready]}}


def _switch(step: int, tid: str, t: float, **more: object) -> dict:
    return {"kind": "switch", "step": step, "task_id": tid, "task": tid, "file": None,
            "line": None, "t": t, **more}


def _stepped_run() -> Timeline:
    """A waits 4 s; B, created by A's first step, is ready from t=0 and waits on an event; the
    user then continues (not followed) and pauses again at t=8."""
    timeline = Timeline()
    for event in [
        {"kind": "task_created", "task_id": "A", "task": "A", "coro": "a", "t": 0.0},
        _paused(0, 0.0, ("A",)),
        {"kind": "resumed", "mode": "step"},
        {"kind": "task_created", "task_id": "B", "task": "B", "coro": "b", "t": 0.0},
        _switch(1, "A", 0.0, awaiting="sleep(4) until t=4"),
        _paused(1, 0.0, ("B",)),
        {"kind": "resumed", "mode": "step"},
        _switch(2, "B", 0.0, awaiting="Event.wait()"),
        _paused(2, 0.0),
        {"kind": "resumed", "mode": "step"},
        {"kind": "clock_jumped", "from": 0.0, "to": 4.0},
        {"kind": "callback", "step": 3, "what": "wake sleeper", "t": 4.0},
        _paused(3, 4.0, ("A",)),
        {"kind": "resumed", "mode": "continue"},
        {"kind": "task_done", "task_id": "A", "task": "A", "outcome": "result"},
        {"kind": "progress", "snapshot": {"step": 9, "t": 8.0}},
        _paused(9, 8.0),
    ]:
        timeline.feed(event)
    return timeline


def test_the_pane_model_draws_any_step_of_the_run() -> None:
    timeline = _stepped_run()
    assert timeline.end == 8.0
    # 9 columns over 8 s: one a second.
    assert _row(timeline, "A", View(9, 8.0, 0.0, upto=0)) == "░        "
    assert "B" not in [lane.name for lane in timeline.shown_lanes(0)]  # created in step 1
    assert _row(timeline, "A", View(9, 8.0, 0.0, upto=1)) == "┃        "
    assert _row(timeline, "B", View(9, 8.0, 0.0, upto=1)) == "░        "
    # At step 3 (t=4) A's timer fired: it waited 4 s and is ready; B still waits.
    view = View(9, 8.0, 4.0, upto=3)
    assert _row(timeline, "A", view) == "┃───░    "
    assert _row(timeline, "B", view) == "┃────    "
    assert [i for i, fired in enumerate(timeline.fired_columns(view)) if fired] == [4]
    # Then the program ran freely from t=4 to t=8: A finished in there, B was not followed.
    now = View(9, 8.0, 8.0)
    assert _row(timeline, "A", now) == "┃───┄    "
    assert _row(timeline, "B", now) == "┃───┄┄┄┄┄"
    assert _row(timeline, "B", View(9, 8.0, 4.0, upto=3)) == "┃────    "  # the past unchanged
    assert [(g.start, g.end) for g in timeline.gaps] == [(4.0, 8.0)]


def test_the_pane_model_keeps_the_svg_and_chrome_outputs() -> None:
    timeline = _stepped_run()
    waits = {lane.name: [(w.start, w.end, w.what) for w in lane.waits]
             for lane in timeline.lanes.values()}
    assert waits == {"A": [(0.0, 4.0, "sleep(4) until t=4")], "B": []}
    timeline.finish()
    assert [(w.start, w.end) for w in timeline.lanes["B"].waits] == [(0.0, 8.0)]
    assert "<title>A waits for sleep(4) until t=4 from t=0 to t=4 (4 s)</title>" in timeline.svg()


def test_all_at_time_zero_draws_in_the_first_column() -> None:
    timeline = Timeline()
    timeline.feed(_switch(1, "A", 0.0, awaiting="Queue.get()"))
    assert _row(timeline, "A", View(5, 0.0, 0.0)) == "┃    "


def test_a_blocking_step_holds_the_loop_for_its_time() -> None:
    """B calls time.sleep(2) in its first step: on the virtual clock that step runs from t=0 to
    t=2, and A, whose 1 s timer was due at t=1, waits until B lets go of the loop."""
    timeline = Timeline()
    for event in [
        {"kind": "task_created", "task_id": "A", "task": "A", "coro": "a", "t": 0.0},
        {"kind": "task_created", "task_id": "B", "task": "B", "coro": "b", "t": 0.0},
        _switch(1, "A", 0.0, awaiting="sleep(1) until t=1"),
        _paused(1, 0.0, ("B",)),
        {"kind": "resumed", "mode": "step"},
        {"kind": "blocked", "seconds": 2.0, "file": "b.py", "line": 3, "ongoing": False,
         "call": "time.sleep", "task_id": "B", "task": "B"},
        _switch(2, "B", 2.0, done=True),
        {"kind": "callback", "step": 3, "what": "wake sleeper", "t": 2.0},
        _switch(4, "A", 2.0, done=True),
    ]:
        timeline.feed(event)
    view = View(5, 2.0, 2.0)  # two columns a second
    assert _row(timeline, "A", view) == "┃───┃"
    assert _row(timeline, "B", view) == "█████"
    assert [(h.start, h.end) for h in timeline.lanes["B"].held] == [(0.0, 2.0)]
    assert [(r.start, r.end) for r in timeline.lanes["B"].readies] == [(0.0, 0.0)]
