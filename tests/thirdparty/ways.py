"""The three ways a suite runs, and one run of it bounded in time.

The ways differ only in what comes before ``pytest``'s own arguments, so that any difference in
outcome is loopscope's: plain ``python -m pytest``; ``python -m loopscope trace --summary -m
pytest`` (the virtual clock, loopscope's default); and the same with ``--clock real``. Every way
gets the very same pytest arguments, the test paths first: loopscope's agent parses the words
after ``-m MODULE`` as its own options when the first of them starts with a dash
(``loopscope trace -m pytest -p no:cacheprovider`` exits 2 with "unrecognized arguments: -p";
``-m pytest --co`` with "argument --commands-fd: expected one argument", an abbreviation), which
would end every run but the plain one before a test is collected.

A run that outlives its bound gets SIGINT on its whole process group first: pytest takes it as
a KeyboardInterrupt, stops, and still writes its JUnit XML, so the tests that ran are compared;
only if it is still alive after a grace period is the group killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

WAYS: dict[str, tuple[str, ...]] = {
    "plain": ("-m", "pytest"),
    "virtual": ("-m", "loopscope", "trace", "--summary", "-m", "pytest"),
    "real": ("-m", "loopscope", "trace", "--summary", "--clock", "real", "-m", "pytest"),
}
GRACE = 30.0


@dataclass
class Run:
    way: str
    junit: Path
    log: Path
    returncode: int
    seconds: float
    timed_out: bool


def run_way(way: str, python: Path, source: Path, pytest_args: list[str], out: Path,
            bound: float) -> Run:
    """Run pytest one way in ``source``; output to ``out/WAY.log``, results to ``WAY.xml``."""
    junit, log = out / f"{way}.xml", out / f"{way}.log"
    junit.unlink(missing_ok=True)
    argv = [str(python), *WAYS[way], *pytest_args, f"--junitxml={junit}"]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    start = time.monotonic()
    timed_out = False
    with log.open("w") as sink:
        sink.write("$ " + " ".join(argv) + "\n")
        sink.flush()
        proc = subprocess.Popen(argv, cwd=source, stdout=sink, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            proc.wait(timeout=bound)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=GRACE)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return Run(way, junit, log, proc.returncode, time.monotonic() - start, timed_out)
