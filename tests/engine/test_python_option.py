"""``--python PATH``: the debuggee runs under another CPython, the engine injected on its path.

Run from the default Python against the pyenv interpreters 3.12.1 and 3.13.0 and Debian sid's
3.14 and 3.15 (``.ci/sid-pythons``; skipped where they are not installed), and refused, with one
line, for an interpreter older than 3.11 or a free-threaded one running without its GIL.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from loopscope.session import Debuggee, Launch

from ._support import PROGRAMS, ROOT, loopscope

PYENV = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
#: Where .ci/sid-pythons unpacks CPython 3.14 and 3.15.
SID = Path(os.environ.get("CPYTHON_SID_DIR", "/var/cache/cpython-sid")) / "sysroot/usr/sid-bin"
OTHERS = ["3.12.1", "3.13.0", "3.14", "3.15"]


def interpreter(version: str) -> str:
    path = PYENV / version / "bin" / "python"
    if version.count(".") == 1:
        path = SID / f"python{version}"
    if not path.exists():
        pytest.skip(f"no CPython {version} at {path}")
    return str(path)


@pytest.mark.parametrize("version", OTHERS)
def test_the_program_runs_under_the_other_interpreter(version: str) -> None:
    python = interpreter(version)
    program = PROGRAMS / "line_walk.py"
    plain = subprocess.run([python, str(program)], capture_output=True, text=True, timeout=60,
                           cwd=ROOT)
    traced = loopscope("trace", "--python", python, program)
    assert traced.returncode == plain.returncode == 0
    assert traced.stdout == plain.stdout == "other ran\nwalker 3\n"
    assert "Walker         line_walk.py:12 -> :22  awaits sleep(1) until t=1" in traced.stderr


@pytest.fixture
def debuggees() -> Iterator[list[Debuggee]]:
    made: list[Debuggee] = []
    yield made
    for debuggee in made:
        debuggee.kill()
        debuggee.close()


@pytest.mark.parametrize("version", OTHERS)
def test_the_debuggee_says_which_python_it_runs(version: str,
                                                 debuggees: list[Debuggee]) -> None:
    debuggee = Debuggee(Launch(target=[str(PROGRAMS / "line_walk.py")], mode="interactive",
                               cwd=str(ROOT), python=interpreter(version)), capture_output=True)
    debuggees.append(debuggee)
    debuggee.start()
    hello = debuggee.events.get(timeout=30)
    assert hello["kind"] == "hello"
    assert hello["python"] == version or hello["python"].startswith(version + ".")


def test_an_older_interpreter_is_refused_with_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "python3.9"
    fake.write_text("#!/bin/sh\necho CPython 3 9 18 1\n")
    fake.chmod(0o755)
    proc = loopscope("trace", "--python", fake, PROGRAMS / "line_walk.py")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (f"loopscope: error: {fake} is CPython 3.9.18; loopscope needs "
                           "CPython 3.11 or newer\n")


def test_a_real_python_3_10_is_refused_too() -> None:
    python = interpreter("3.10.13")
    proc = loopscope("trace", "--python", python, PROGRAMS / "line_walk.py")
    assert proc.returncode == 2
    assert proc.stderr == (f"loopscope: error: {python} is CPython 3.10.13; loopscope needs "
                           "CPython 3.11 or newer\n")


def test_a_free_threaded_build_without_its_gil_is_refused_with_one_line(tmp_path: Path) -> None:
    # No free-threaded CPython can be had here (Debian builds none): what the probe answers for
    # one, PYTHON_GIL=0 (the last word: the GIL is off).
    fake = tmp_path / "python3.14t"
    fake.write_text("#!/bin/sh\necho CPython 3 14 2 0\n")
    fake.chmod(0o755)
    proc = loopscope("trace", "--python", fake, PROGRAMS / "line_walk.py")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (f"loopscope: error: {fake} is a free-threaded build running without "
                           "the GIL, which loopscope does not support; run it with PYTHON_GIL=1\n")
