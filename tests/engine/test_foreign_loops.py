"""A loop of the program's own (uvloop's, a class built on BaseEventLoop) runs as under plain
python, on real time, and loopscope says in one line that it cannot step it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from ._support import PROGRAMS, ROOT

FOREIGN = PROGRAMS / "foreign"


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)


@pytest.mark.parametrize(("name", "loop"), [
    ("own_loop_class.py", "__main__.MyLoop"),
    pytest.param("uvloop_run.py", "uvloop.Loop", marks=pytest.mark.skipif(
        importlib.util.find_spec("uvloop") is None, reason="uvloop is not installed here")),
])
@pytest.mark.parametrize("clock", ["virtual", "real"])
def test_a_loop_of_the_programs_own_runs_as_it_would_and_is_named(name: str, loop: str,
                                                                 clock: str) -> None:
    plain = _run(str(FOREIGN / name))
    traced = _run("-m", "loopscope", "trace", "--clock", clock, str(FOREIGN / name))
    assert plain.returncode == traced.returncode == 0, traced.stderr
    assert traced.stdout == plain.stdout
    assert "slept 0.05 s by the program's clock: True" in plain.stdout
    assert traced.stderr == (
        f"loopscope: the program runs its own event loop ({loop}), not asyncio's selector loop: "
        "it runs as it would, but its switches cannot be stepped or traced; run the program on "
        "asyncio's loop to step it\n")
