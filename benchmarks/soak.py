"""Soak: ``c`` on a program that prints ten lines a switch, both processes' memory over time.

Issue 14 (item 3): a debuggee printing under ``continue`` grew without bound (57 -> 123 MB in
30 s at one line a switch, 114 -> 784 MB in 90 s at ten), every write being kept for a step
report that no step ever made. This runs ``workloads/printing.py`` under the debugger's own
event source (``LiveSource``, the debuggee in interactive mode) and continues, the front end
here folding every event into the UI's ``RunState``, ``Timeline`` and ``TaskStats`` as the app
does, without Textual (the terminal's cost is not what is measured). Once a second it samples
the resident set of both processes (``/proc/PID/status``, Linux) and prints the start, end and
peak of each, and whether it plateaued: the peak of the last third of the run is within 5 %
(and 4 MB) of the peak of the middle third. A leak of a few MB a minute shows as no plateau
in the full run (300 s); ``--quick`` runs a few seconds to prove the row works.

``python -m benchmarks.soak [SECONDS]`` runs it alone.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from loopscope.session import Launch
from loopscope.stats import TaskStats
from loopscope.timeline import Timeline
from loopscope.ui.feed import LiveSource
from loopscope.ui.state import RunState

HERE = Path(__file__).resolve().parent
PROGRAM = HERE / "workloads" / "printing.py"
FULL_SECONDS = 300.0
QUICK_SECONDS = 6.0


def rss_mb(pid: int | str) -> float | None:
    """The resident set of process ``pid`` in MB, None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def plateaued(samples: list[float]) -> bool:
    """Whether the run's last third peaks no higher than its middle third (5 %, 4 MB)."""
    if len(samples) < 6:
        return True  # too short to tell: the quick run
    third = len(samples) // 3
    middle, last = max(samples[third:2 * third]), max(samples[2 * third:])
    return last <= middle * 1.05 + 4


def soak(seconds: float) -> tuple[dict[str, list[float]], int]:
    """Run the printing program under ``continue`` for ``seconds``: the RSS samples of each
    process, and the lines printed."""
    source = LiveSource(Launch(target=[str(PROGRAM)], python=sys.executable))
    source.start()
    run, stats, timeline = RunState(), TaskStats(), Timeline()
    samples: dict[str, list[float]] = {"front end": [], "debuggee": []}
    lines = 0
    continued = False
    deadline = next_sample = 0.0
    try:
        while True:
            batch = source.next_batch(0.1)
            run.apply_all(batch)
            for event in batch:
                stats.feed(event)
                timeline.feed(event)
                if event["kind"] == "output":
                    lines += event["text"].count("\n")
            if run.ended:
                raise RuntimeError(f"the program ended: {run.state_word()} {run.detail}")
            if not continued and run.paused:
                source.send({"kind": "continue"})
                continued = True
                deadline = time.monotonic() + seconds
                next_sample = time.monotonic()
            if continued and time.monotonic() >= next_sample:
                process = source.debuggee.process
                debuggee = rss_mb(process.pid) if process is not None else None
                front = rss_mb("self")
                if debuggee is None or front is None:
                    raise RuntimeError("a process is gone")
                samples["debuggee"].append(debuggee)
                samples["front end"].append(front)
                next_sample += 1.0
                if time.monotonic() >= deadline:
                    break
    finally:
        source.stop()
    return samples, lines


def run(quick: bool = False, seconds: float | None = None) -> None:
    seconds = seconds if seconds is not None else QUICK_SECONDS if quick else FULL_SECONDS
    if not os.path.exists("/proc/self/status"):
        print("soak: skipped (needs /proc)")
        return
    print()
    print(f"Soak (issue 14, item 3): c on a program printing 10 lines a switch, {seconds:g} s"
          + (" -- quick" if quick else ""))
    samples, lines = soak(seconds)
    print(f"{'process':<12} {'start MB':>9} {'end MB':>9} {'peak MB':>9}  plateaued")
    for name in ("front end", "debuggee"):
        values = samples[name]
        flat = "yes" if plateaued(values) else "NO"
        print(f"{name:<12} {values[0]:>9.1f} {values[-1]:>9.1f} {max(values):>9.1f}  {flat}")
    print(f"({lines:,} lines printed, {lines / seconds:,.0f} a second)")


if __name__ == "__main__":
    run(seconds=float(sys.argv[1]) if len(sys.argv) > 1 else FULL_SECONDS)
