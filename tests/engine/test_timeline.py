"""The timeline of a run: lanes per task over virtual time, as SVG and as a Chrome trace."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
