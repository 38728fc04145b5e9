"""Front-end memory after many steps, and the time to open a recording of that many steps.

``make_recording(steps, tasks)`` records a real run (``loopscope record``) of
``workloads/sleepers.py`` with ``tasks`` tasks for ``steps`` pauses: the recording is the event
stream as the debuggee sent it, snapshot deltas included.

``python -m benchmarks.history memory FILE`` (a fresh process) folds every event of the
recording into the UI's ``RunState`` (its history keeps every snapshot, within its memory
bound) and prints the process's peak resident memory, and what it was before the events.
``... open FILE`` times ``loopscope replay``'s opening of the recording up to its first pause,
and reading it all the way to the end with every snapshot rebuilt.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def make_recording(path: str, steps: int, tasks: int) -> float:
    """Record ``steps`` pauses; returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "loopscope", "record", "--max-steps", str(steps),
                    "-o", path, str(HERE / "workloads" / "sleepers.py"), str(tasks)],
                   check=False, cwd=str(ROOT), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if not os.path.exists(path):
        raise RuntimeError("loopscope record wrote no recording")
    return time.perf_counter() - started


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _memory(path: str) -> dict[str, Any]:
    from loopscope.recording import read_events
    from loopscope.ui.state import RunState

    run = RunState()
    before = _rss_mb()
    _, events = read_events(path)
    batch: list[dict[str, Any]] = []
    for event in events:
        batch.append(event)
        if event["kind"] == "paused":
            run.apply_all(batch)
            batch = []
    run.apply_all(batch)
    return {"entries": len(run.history), "rss_mb": _rss_mb(), "rss_before_mb": before}


def _open(path: str) -> dict[str, Any]:
    from loopscope.replay import ReplaySource

    started = time.perf_counter()
    source = ReplaySource(path)
    source.start()
    while not any(e["kind"] == "paused" for e in source.next_batch(5.0)):
        pass
    first = time.perf_counter() - started
    from loopscope.history import Entry, History
    from loopscope.recording import read_events

    started = time.perf_counter()
    history = History()
    _, events = read_events(path)
    for event in events:
        if event["kind"] == "paused":
            history.append(Entry(event["snapshot"], event["reason"], "", 0))
    return {"first_pause_s": first, "whole_s": time.perf_counter() - started,
            "entries": len(history)}


def run(command: str, path: str) -> dict[str, Any]:
    """One measurement in a fresh process (memory is the process's own)."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.history", command, path],
                         check=True, cwd=str(ROOT), capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return json.loads(out.stdout)  # type: ignore[no-any-return]


if __name__ == "__main__":
    what, file = sys.argv[1], sys.argv[2]
    print(json.dumps(_memory(file) if what == "memory" else _open(file)))
