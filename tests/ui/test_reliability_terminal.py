"""The terminal is given back, and no debuggee is left behind, however loopscope ends (issue 7).

The real ``loopscope`` runs in a pseudo-terminal. It is ended by ``q``, by Ctrl+C, by SIGTERM or
SIGHUP sent to it, by an exception inside loopscope itself (a monkeypatched action, in the child
process only), and after its debuggee died. Each time the terminal must be as it was: the
alternate screen left, mouse reporting off, the cursor shown, and the pty's line discipline back
in canonical mode with echo (what ``stty sane`` gives). The debuggee processes seen while it ran
must all be gone.
"""

from __future__ import annotations

import os
import signal
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from .conftest import REPO, program
from .test_e2e import Screen, _children, _loopscope

pytestmark = pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc")

#: What Textual turns on, and must turn off again on the way out.
RESTORED = [b"\x1b[?1049l",  # the alternate screen left
            b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l",  # mouse reporting off
            b"\x1b[?25h"]  # the cursor shown

CRASH = ("import sys; from loopscope.ui.debugger import LoopscopeApp\n"
         "def boom(self): raise RuntimeError('injected failure inside loopscope')\n"
         "LoopscopeApp.action_step = boom\n"
         "from loopscope.cli import main; main()\n")


def _spawn(script: str, *, crash: bool = False) -> tuple[pexpect.spawn, Screen]:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40",
               PYTHONPATH=str(REPO))
    if crash:
        command, args = sys.executable, ["-c", CRASH, script]
    else:
        command, *rest = _loopscope()
        args = [*rest, script]
    child = pexpect.spawn(command, args, cwd=str(REPO), env=env, dimensions=(40, 120))
    return child, Screen(child)


def _wait_gone(pids: set[int], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    alive = pids
    while time.monotonic() < deadline:
        alive = {pid for pid in pids if Path(f"/proc/{pid}").exists()}
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"debuggee processes left behind: {sorted(alive)}")


def _end(child: pexpect.spawn, screen: Screen) -> tuple[int | None, list[int]]:
    """Wait for loopscope to exit; its status and the pty's local modes (lflag) then."""
    child.expect(pexpect.EOF, timeout=20)
    screen.raw += child.before or b""
    lflag = termios.tcgetattr(child.child_fd)[3]  # the master shares the slave's termios
    child.close()
    return child.exitstatus, [lflag & termios.ICANON, lflag & termios.ECHO]


def _quit_key(child: pexpect.spawn) -> None:
    child.send("q")


def _ctrl_c(child: pexpect.spawn) -> None:
    child.sendcontrol("c")


def _sigterm(child: pexpect.spawn) -> None:
    child.kill(signal.SIGTERM)


def _sighup(child: pexpect.spawn) -> None:
    child.kill(signal.SIGHUP)


@pytest.mark.parametrize(("how", "status"), [
    (_quit_key, 0), (_ctrl_c, 0), (_sigterm, 128 + signal.SIGTERM), (_sighup, 128 + signal.SIGHUP),
], ids=["q", "ctrl-c", "sigterm", "sighup"])
def test_the_terminal_is_restored_and_the_debuggee_gone(
        how: Callable[[pexpect.spawn], None], status: int) -> None:
    child, screen = _spawn(program("waiter.py"))
    try:
        screen.wait_for("Paused before the first switch; next: Task-1")
        debuggees = _children(child.pid)
        assert debuggees
        how(child)
        code, modes = _end(child, screen)
    finally:
        child.close(force=True)
    assert code == status
    for sequence in RESTORED:
        assert sequence in screen.raw, sequence
    assert all(modes), "the pty was left in raw mode"
    _wait_gone(debuggees)


def test_an_exception_inside_loopscope_restores_the_terminal_and_ends_the_debuggee() -> None:
    child, screen = _spawn(program("waiter.py"), crash=True)
    try:
        screen.wait_for("Paused before the first switch; next: Task-1")
        debuggees = _children(child.pid)
        assert debuggees
        child.send(" ")
        code, modes = _end(child, screen)
    finally:
        child.close(force=True)
    assert code == 1
    for sequence in RESTORED:
        assert sequence in screen.raw, sequence
    assert all(modes), "the pty was left in raw mode"
    # Textual prints the error after leaving the alternate screen, where the user can read it.
    after = screen.raw.rsplit(b"\x1b[?1049l", 1)[1]
    assert b"injected failure inside loopscope" in after
    _wait_gone(debuggees)


def test_after_the_debuggee_died_the_terminal_is_restored_on_quit() -> None:
    child, screen = _spawn("tests/reliability_programs/segfault.py")
    try:
        screen.wait_for("Paused before the first switch; next: Task-1")
        debuggees = _children(child.pid)
        assert debuggees
        child.send("c")
        screen.wait_for("The program was killed by SIGSEGV; press r to restart")
        _wait_gone(debuggees)
        child.send("q")
        code, modes = _end(child, screen)
    finally:
        child.close(force=True)
    assert code == 0
    for sequence in RESTORED:
        assert sequence in screen.raw, sequence
    assert all(modes), "the pty was left in raw mode"
