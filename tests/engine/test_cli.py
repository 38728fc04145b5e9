"""Bad command lines: one line on stderr naming the problem, exit status 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "loopscope", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, env={"PYTHONPATH": str(ROOT),
                                                                "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize(("args", "message"), [
    ((), "loopscope: error: no script given (usage: loopscope [trace] SCRIPT [ARGS...])"),
    (("nosuch.py",), "loopscope: error: no such file: nosuch.py"),
    (("trace", "nosuch.py"), "loopscope: error: no such file: nosuch.py"),
    (("trace", "samples"), "loopscope: error: samples is a directory, not a Python script"),
    (("trace", "--bogus", "samples/waiter.py"), "loopscope: error: unrecognized arguments: --bogus"),
    (("trace", "--break", "x", "samples/waiter.py"),
     "loopscope: error: --break takes FILE:LINE, not 'x'"),
    (("trace", "--break", "nofile.py:3", "samples/waiter.py"),
     "loopscope: error: --break nofile.py:3: no such file: nofile.py"),
    (("--break", "samples/waiter.py:900", "samples/waiter.py"),
     "loopscope: error: --break samples/waiter.py:900: samples/waiter.py has 62 lines"),
    (("--break", "samples/waiter.py:0", "samples/waiter.py"),
     "loopscope: error: --break samples/waiter.py:0: samples/waiter.py has 62 lines"),
    (("trace", "-m", "no_such_module_here"), "loopscope: error: no module named no_such_module_here"),
    (("replay", "nosuch.loopscope"), "loopscope: error: no such recording: nosuch.loopscope"),
    (("trace", "--python", "/nonexistent/python", "samples/waiter.py"),
     "loopscope: error: no such interpreter: /nonexistent/python"),
])
def test_bad_command_lines(args: tuple[str, ...], message: str) -> None:
    done = _run(*args)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [message]
    assert "Traceback" not in done.stdout + done.stderr


def test_a_binary_file_is_not_a_script(tmp_path: Path) -> None:
    binary = tmp_path / "prog.py"
    binary.write_bytes(b"\x7fELF\x00\x00")
    done = _run("trace", str(binary))
    assert done.returncode == 2
    assert done.stderr == f"loopscope: error: {binary} is not a Python script (it is a binary file)\n"


def test_narration_takes_technical_or_waiter() -> None:
    done = _run("--narration", "poetic", "samples/waiter.py")
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith("loopscope: error: argument --narration: invalid choice: 'poetic'")
    assert "Traceback" not in done.stdout + done.stderr


def test_help_names_every_command() -> None:
    done = _run("--help")
    assert done.returncode == 0
    described = " ".join(done.stdout.split())
    assert ("Other commands: loopscope trace SCRIPT, loopscope record -o FILE SCRIPT, "
            "loopscope replay FILE, loopscope serve SCRIPT (each has --help).") in described


@pytest.mark.parametrize("how", [["tests/engine/programs/cli/echo_args.py"],
                                 ["-m", "tests.engine.programs.cli.echo_args"],
                                 ["-mtests.engine.programs.cli.echo_args"]],
                         ids=["script", "-m", "-mMODULE"])
@pytest.mark.parametrize("words", [["-q", "--co", "-p", "no:cacheprovider"],
                                   ["--", "-m", "x"], ["--summary", "--clock", "real"]],
                         ids=["pytest-like", "dashes", "loopscope's own options"])
def test_every_argument_after_the_program_is_the_programs(how: list[str],
                                                          words: list[str]) -> None:
    plain = subprocess.run([sys.executable, *how, *words], capture_output=True, text=True,
                           cwd=ROOT, timeout=60)
    traced = _run("trace", "--summary", *how, *words)
    assert plain.returncode == traced.returncode == 0, traced.stderr
    assert traced.stdout == plain.stdout == f"{words!r}\n"
