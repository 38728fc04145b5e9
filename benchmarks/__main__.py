"""Free-running overhead: ``loopscope trace --summary --clock real`` against plain ``python``.

Each workload runs under every contender in turn, round after round (interleaved, so that a
noisy neighbour slows all contenders alike), and the table gives the median wall time and its
ratio to plain python, start-up included. ``--quick`` runs one small round: CI uses it to check
that the suite works; it asserts no times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import scale, soak

HERE = Path(__file__).resolve().parent
WORKLOADS = {
    "sleep0": ("1,000 tasks x 2,000 sleep(0)", HERE / "workloads" / "sleep0.py"),
    "queue": ("1,000,000-item Queue ping-pong", HERE / "workloads" / "queue_pingpong.py"),
    "timers": ("10,000 tasks x 10 short timers", HERE / "workloads" / "timers.py"),
}
TARGET = 1.10


def contenders(script: Path, quick: bool, peers: bool) -> dict[str, list[str]]:
    py = sys.executable
    loopscope = [py, "-m", "loopscope", "trace", "--summary", "--clock", "real"]
    found = {
        "python": [py, str(script)],
        "loopscope": [*loopscope, str(script)],
        # The debugger continued past a line breakpoint that never hits (``c`` in the UI): on
        # an ``await`` the program never reaches, a line that could hit (``live_lines``).
        "loopscope+bp": [py, "-m", "benchmarks.continued", "--break",
                         f"{script}:{never_line(script)}", str(script)],
    }
    if peers and not quick:
        found["asyncio debug"] = [py, "-X", "dev", "-W", "ignore", str(script)]
        found["no-op settrace"] = [py, "-c", _SETTRACE, str(script)]
    return found


def never_line(script: Path) -> int:
    """The line of a workload marked ``(NEVER)``: an ``await`` that never runs."""
    lines = script.read_text().splitlines()
    return next(n for n, text in enumerate(lines, 1) if "(NEVER)" in text)


_SETTRACE = (
    "import sys, runpy; sys.settrace(lambda *a: None); "
    "runpy.run_path(sys.argv[1], run_name='__main__')"
)


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="one small round (CI smoke)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--peers", action="store_true",
                        help="also asyncio debug mode and a no-op settrace (slow: 5-30x)")
    parser.add_argument("--only", choices=sorted(WORKLOADS), help="one workload")
    parser.add_argument("--scale", choices=("also", "only", "no"), default="also",
                        help="the scale figures (pause cost, step to screen, start-up, "
                             "history): with the overhead table (default), alone, or not")
    args = parser.parse_args()
    if args.scale == "only":
        scale.run(args.quick)
        return
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    rounds = 1 if args.quick else args.rounds
    print(f"Free-running overhead, {rounds} round(s), median wall time, start-up included")
    print(f"{'workload':<34} {'contender':<16} {'median s':>9} {'ratio':>7}  target")
    for key, (label, script) in WORKLOADS.items():
        if (args.quick and key != "sleep0") or (args.only and key != args.only):
            continue
        runs = contenders(script, args.quick, args.peers)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, argv in runs.items():
                times[name].append(timed(argv, env))
        base = statistics.median(times["python"])
        for name, samples in times.items():
            median = statistics.median(samples)
            ratio = median / base
            target = f"<= {TARGET:.2f}x" if name.startswith("loopscope") else ""
            print(f"{label:<34} {name:<16} {median:>9.3f} {ratio:>6.2f}x  {target}")
    if args.scale == "also" and not args.only:
        scale.run(args.quick)
        soak.run(args.quick)


if __name__ == "__main__":
    main()
