"""The corpus test: every program in tests/corpus/ behaves the same under loopscope.

Each program in ``tests/corpus/`` is a small asyncio script with deterministic stdout under
plain python (no times, ids, addresses or unseeded randomness in what it prints). It is run
twice:

* ``python PROGRAM``                        (plain CPython, the reference)
* ``python -m loopscope trace PROGRAM``     (the engine driving the same program)

with the same environment (``PYTHONHASHSEED=0``) and working directory (the corpus folder).
stdout and the exit code must be identical (a failure shows a unified diff of the two stdouts,
both exit codes and the end of loopscope's stderr). stderr is not compared: ``loopscope trace`` prints
its own per-switch lines there, and tracebacks / warnings land there too.

Interleavings matter: most programs print one line per event, so a wrong order of task
switches, timers or callbacks shows up as a stdout difference.
"""

from __future__ import annotations

import difflib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PROGRAMS = sorted(CORPUS.glob("*.py"))
TIMEOUT = 30  # seconds, per run


@dataclass
class Result:
    argv: list[str]
    returncode: int | None  # None: killed after TIMEOUT
    stdout: str
    stderr: str


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    # `python -m loopscope` must work from the corpus folder without an installed package.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _run(argv: list[str]) -> Result:
    """Run argv in the corpus folder; on timeout kill its whole process group."""
    proc = subprocess.Popen(
        argv,
        cwd=CORPUS,
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,  # so a timeout can kill the debuggee and grandchildren too
    )
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
        return Result(argv, proc.returncode, stdout, stderr)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        stdout, stderr = proc.communicate()
        return Result(argv, None, stdout, stderr)


def _tail(text: str, lines: int = 40) -> str:
    kept = text.splitlines()[-lines:]
    return "\n".join("    " + line for line in kept) or "    (empty)"


def _explain(name: str, plain: Result, traced: Result) -> str:
    parts = [f"{name}: `loopscope trace` does not behave like plain python."]
    if plain.returncode != traced.returncode:
        parts.append(
            f"exit code: plain python {plain.returncode}, loopscope trace {traced.returncode}"
            + (" (killed after timeout)" if traced.returncode is None else "")
        )
    if plain.stdout != traced.stdout:
        diff = difflib.unified_diff(
            plain.stdout.splitlines(keepends=True),
            traced.stdout.splitlines(keepends=True),
            fromfile="stdout of plain python",
            tofile="stdout of loopscope trace",
        )
        parts.append("stdout differs:\n" + "".join(diff).rstrip("\n"))
    parts.append("last lines of loopscope's stderr:\n" + _tail(traced.stderr))
    return "\n\n".join(parts)


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_trace_matches_plain_python(program: Path) -> None:
    plain = _run([sys.executable, str(program)])
    if plain.returncode is None:
        pytest.fail(
            f"{program.name} did not finish within {TIMEOUT} s under plain python:\n"
            + _tail(plain.stdout),
            pytrace=False,
        )

    traced = _run([sys.executable, "-m", "loopscope", "trace", str(program)])

    if (traced.returncode, traced.stdout) != (plain.returncode, plain.stdout):
        pytest.fail(_explain(program.name, plain, traced), pytrace=False)


def test_corpus_is_not_empty() -> None:
    assert len(PROGRAMS) >= 30, f"expected 30+ programs in {CORPUS}, found {len(PROGRAMS)}"
