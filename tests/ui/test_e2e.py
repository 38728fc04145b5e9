"""End to end: the real ``loopscope`` command in a pseudo-terminal, driven by keys.

No terminal emulator is needed: Textual writes each run of styled text as one piece, so the
screen's sentences can be found in the byte stream once the escape sequences are removed.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

import pexpect
import pytest

from .conftest import REPO, program

ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78]"  # charsets, keypad, save/restore
    rb"|\x1b\][^\x07]*\x07"  # OSC: titles
)


def _loopscope() -> list[str]:
    command = Path(sys.executable).with_name("loopscope")
    if command.exists():
        return [str(command)]
    found = shutil.which("loopscope")
    if found:
        return [found]
    return [sys.executable, "-m", "loopscope"]


class Screen:
    """The bytes a pseudo-terminal received, read as text."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.raw = b""

    def read(self, seconds: float = 0.1) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.raw += self.child.read_nonblocking(65536, timeout=0.05)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return

    def wait_for(self, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text():
                return
            self.read(0.1)
        raise AssertionError(f"{text!r} never appeared; last screen text:\n{self.text()[-2000:]}")

    def text(self) -> str:
        return ESCAPES.sub(b"", self.raw).decode("utf-8", "replace")


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry))
    return out


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to find the debuggee")
def test_loopscope_in_a_terminal_steps_with_keys_and_quits_cleanly() -> None:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
    started = time.monotonic()
    child = pexpect.spawn(_loopscope()[0], [*_loopscope()[1:], program("waiter.py")],
                          cwd=str(REPO), env=env, dimensions=(40, 120))
    screen = Screen(child)
    try:
        screen.wait_for("Paused before the first switch; next: Task-1")
        first_screen = time.monotonic() - started
        assert "Tasks" in screen.text() and "Ready queue" in screen.text()
        debuggees = _children(child.pid)
        assert debuggees, "the debuggee process was not found"
        child.send(" ")
        screen.wait_for("awaited gather(4 tasks, 0 done): it waits for them all to finish")
        child.send("n")
        screen.wait_for("Table 1 awaited sleep(3): a timer is set for t=3.0; next: Table 2")
        child.send("c")
        screen.wait_for("The program has finished (exit 0)")
        screen.wait_for("Total elapsed time: 7.0")
        child.send("q")
        child.expect(pexpect.EOF, timeout=10)
        screen.raw += child.before or b""
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    # The terminal is given back: alternate screen left, cursor shown again.
    assert b"\x1b[?1049l" in screen.raw
    assert b"\x1b[?25h" in screen.raw
    for pid in debuggees:
        assert not Path(f"/proc/{pid}").exists(), f"debuggee {pid} left behind"
    assert first_screen < 5.0
