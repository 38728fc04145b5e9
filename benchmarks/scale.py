"""Scale: what a pause costs the debuggee and the screen, start-up, and a long history.

Each figure of issue 6 (items 2-5) is printed next to its target:

* debuggee cost per pause and bytes on the pipe per step, with 10 / 1,000 / 10,000 tasks of
  which one moves (``pauses.py``, in-process, medians over the pauses);
* step to screen in the real app in a pty, from the key to the frame that shows the new step,
  median and p90 (``screen.py``);
* start-up: ``loopscope samples/waiter.py`` to the first painted paused screen (``screen.py``);
* front-end memory after N steps of a 100-task program, and the time to open an N-step
  recording (``history.py``).

``quick`` (CI) runs every measurement small, to prove the suite works; it asserts no times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from . import history, screen

HERE = Path(__file__).resolve().parent
SIZES = (10, 1_000, 10_000)
STEP_TARGETS_MS = {10: 25, 1_000: 50, 10_000: 100}


def _row(what: str, figure: str, target: str) -> None:
    print(f"{what:<56} {figure:>24}  {target}")


def _pauses(tasks: int, steps: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.pauses", str(tasks), str(steps)],
                         check=True, capture_output=True, text=True, cwd=str(HERE.parent),
                         env=dict(os.environ, PYTHONPATH=str(HERE.parent)))
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def run(quick: bool = False) -> None:
    sizes = (10, 1_000) if quick else SIZES
    print()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("Scale (issue 6, items 2-5)" + (" -- quick: small sizes, not the targets" if quick
                                           else ""))
    print(f"{'measure':<56} {'figure':>24}  target")
    for tasks in sizes:
        p = _pauses(tasks, 20 if quick else 300)
        _row(f"debuggee cost per pause, {tasks:,} tasks (median/p90)",
             f"{p['median_ms']:.3f} / {p['p90_ms']:.3f} ms", "<= 1 ms at 10,000")
        _row("  (the same in CPU time of the loop's thread, median)",
             f"{p['cpu_median_ms']:.3f} ms", "")
        _row(f"bytes per step on the pipe, {tasks:,} tasks (median)",
             f"{p['median_bytes']:,.0f} B", "<= 10 KiB at 10,000")
        _row(f"  (one whole snapshot, {tasks:,} tasks)",
             f"{p['whole_ms']:.1f} ms, {p['whole_bytes']:,} B", "")
    for tasks in sizes:
        s = screen.measure_steps(tasks, 10 if quick else 200)
        _row(f"step to screen, {tasks:,} tasks (median/p90, {s['steps']} steps)",
             f"{s['median_ms']:.0f} / {s['p90_ms']:.0f} ms",
             f"<= {STEP_TARGETS_MS[tasks]} ms median")
        _row("  (medians: reply / panes updated / painted)",
             f"{s['reply_median_ms']:.0f} / {s['update_median_ms']:.0f} / "
             f"{s['paint_median_ms']:.0f} ms", "")
    with tempfile.TemporaryDirectory() as cache:  # compiled bytecode, as once installed
        screen.measure_startup(1, cache=cache)  # fills the cache
        start = screen.measure_startup(1 if quick else 5, cache=cache)
    _row("start-up to the first paused screen (median)", f"{start['median_ms']:.0f} ms",
         "<= 400 ms")
    steps = 500 if quick else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "run.loopscope")
        took = history.make_recording(path, steps, 100)
        size = os.path.getsize(path)
        memory = history.run("memory", path)
        opened = history.run("open", path)
    _row(f"  (recording {steps:,} steps of 100 tasks)", f"{took:.0f} s, {size / 1e6:.1f} MB",
         "")
    _row(f"front-end memory after {memory['entries'] - 1:,} steps, 100 tasks (peak RSS)",
         f"{memory['rss_mb']:.0f} MB", "<= 150 MB")
    _row(f"open a {opened['entries']:,}-step recording: first pause",
         f"{opened['first_pause_s'] * 1000:.1f} ms", "<= 2 s")
    _row("  every step read and kept in the history",
         f"{opened['whole_s']:.1f} s", "")


__all__ = ["run"]
