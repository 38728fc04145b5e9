"""Free-running overhead counted in instructions (callgrind): a figure a noisy machine can't move.

``python -m benchmarks.instructions [--divide N] [--only WORKLOAD]`` runs each contender of
``python -m benchmarks`` once under ``valgrind --tool=callgrind --trace-children=yes`` and sums
the instructions of every process it started (front end and debuggee, start-up included). On
these shared 2-core machines wall-clock ratios swing by 15% between two runs of the same
command; instruction counts repeat to within 0.1%, so this is the figure to compare two versions
of the engine by. An instruction is not a second (cache misses, system calls and waits are not
counted), so it complements the wall-clock table rather than replacing it.

Callgrind slows a program about fifty times: ``--divide`` (default 4) shrinks the workloads
(``$LOOPSCOPE_BENCH_DIVIDE``), which gives start-up a larger share than in the full-size run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .__main__ import TARGET, WORKLOADS, contenders

HERE = Path(__file__).resolve().parent
_COLLECTED = re.compile(r"^==\d+== Collected : (\d+)$", re.MULTILINE)


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions executed by ``argv`` and every process it started."""
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--trace-children=yes",
         "--callgrind-out-file=/dev/null", *argv],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, check=True)
    counts = [int(n) for n in _COLLECTED.findall(proc.stderr)]
    if not counts:
        raise SystemExit("benchmarks.instructions: valgrind reported no instruction count")
    return sum(counts)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions")
    parser.add_argument("--divide", type=int, default=4,
                        help="shrink the workloads by this factor (default 4)")
    parser.add_argument("--only", choices=sorted(WORKLOADS), help="one workload")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("benchmarks.instructions: valgrind is not installed")
    env = dict(os.environ, PYTHONPATH=str(HERE.parent),
               LOOPSCOPE_BENCH_DIVIDE=str(args.divide))
    # loopscope's own modules as bytecode, as an installed package has them: with
    # PYTHONDONTWRITEBYTECODE (or after an edit) every start would compile them from source
    # again, 0.3 G instructions a process on 3.12, which plain python never pays for asyncio.
    compileall.compile_dir(str(HERE.parent / "loopscope"), quiet=1)
    print(f"Free-running overhead in instructions (callgrind), workloads divided by "
          f"{args.divide}, start-up included, CPython {sys.version.split()[0]}")
    print(f"{'workload':<34} {'contender':<16} {'instructions':>15} {'ratio':>7}  target")
    for key, (label, script) in WORKLOADS.items():
        if args.only and key != args.only:
            continue
        counts = {name: instructions(argv, env)
                  for name, argv in contenders(script, quick=False, peers=False).items()}
        base = counts["python"]
        for name, count in counts.items():
            target = f"<= {TARGET:.2f}x" if name.startswith("loopscope") else ""
            print(f"{label:<34} {name:<16} {count:>15,} {count / base:>6.3f}x  {target}",
                  flush=True)


if __name__ == "__main__":
    main()
