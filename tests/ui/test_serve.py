"""``loopscope serve``: the real server, opened in a real headless Chromium, stepped with a key
(a script, and a recording served with ``--replay``); its address, its warning, its bad input.

The page draws its terminal with xterm.js on a canvas, so the screen's text is not in the DOM.
An init script catches the page's xterm ``Terminal`` as textual-serve's client stores it (the
assignment to a ``terminal`` property) and the test reads the screen through xterm's public
buffer API, the same rows the room sees. Every wait is for a condition on that screen, with a
deadline; nothing sleeps.

Each test ends everything it started: the browser, the server, the ``loopscope`` UI the server
ran for the page, and that UI's debuggee; ``_ended`` checks that none of them is left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from .conftest import REPO, program

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: Chromium on a machine with a closed network: no background traffic, no GPU, no sandbox (CI
#: runs as root).
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

#: Keeps the xterm.js Terminal that textual-serve's client assigns to ``this.terminal``.
CATCH_TERMINAL = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal",
                          {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) window.__terminals.push(value);
  },
});
"""

#: The terminal's visible rows as text, or "" before the terminal exists.
SCREEN = """() => {
  const terminal = window.__terminals[0];
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""

DEADLINE = 30.0


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start time) of a process, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), fields[0], int(fields[19])


def _descendants(root: int) -> set[tuple[int, int]]:
    """(pid, start time) of every process below ``root``."""
    parents: dict[int, list[tuple[int, int]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _stat(int(entry))) is not None:
            parents.setdefault(found[0], []).append((int(entry), found[2]))
    out: set[tuple[int, int]] = set()
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.add(child)
            todo.append(child[0])
    return out


def _alive(processes: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Those of ``processes`` still running (a zombie has ended)."""
    alive = set()
    for pid, started in processes:
        found = _stat(pid)
        if found is not None and found[2] == started and found[1] != "Z":
            alive.add((pid, started))
    return alive


def _ended(processes: set[tuple[int, int]]) -> None:
    """Wait until every one of ``processes`` has ended; fail naming those that did not."""
    deadline = time.monotonic() + DEADLINE
    while (left := _alive(processes)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"processes left behind: {[_command(pid) for pid, _ in left]}"


def _command(pid: int) -> str:
    """A process's command line as it was typed: an interpreter started through its own
    dynamic loader (``.ci/sid-pythons``: ``ld-linux ... --argv0 NAME REAL ARGS``) reads as
    ``NAME ARGS``."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").decode(
            errors="replace").split("\0")
    except OSError:
        return ""
    if argv and argv[0].endswith(".so.2") and "--argv0" in argv:
        at = argv.index("--argv0")
        argv = [argv[at + 1], *argv[at + 3:]]
    return " ".join(argv)


def _read_until(path: Path, pattern: str, process: subprocess.Popen[bytes]) -> re.Match[str]:
    """Wait until the file ``path`` (a process's output) has a line matching ``pattern``."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        text = path.read_text(errors="replace")
        if found := re.search(pattern, text, re.MULTILINE):
            return found
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"{pattern!r} never appeared; output so far:\n{path.read_text()}")


class Served:
    """A running ``loopscope serve`` with its output in files."""

    def __init__(self, process: subprocess.Popen[bytes], out: Path, err: Path) -> None:
        self.process, self.out, self.err = process, out, err
        found = _read_until(out, r"^loopscope: serving .* on (http://(\S+):(\d+)/\?token=(\S+)) ",
                            process)
        self.url, self.host, self.port, self.token = found[1], found[2], int(found[3]), found[4]

    def stop(self) -> int:
        """SIGTERM, as Ctrl+C or a service manager would; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(DEADLINE)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                raise AssertionError("loopscope serve did not stop on SIGTERM") from None
        return self.process.returncode


@contextmanager
def serving(tmp_path: Path, *args: str, cwd: Path = REPO) -> Iterator[Served]:
    """``loopscope serve ARGS...`` from ``cwd`` (the repository root), stopped (SIGTERM) on the
    way out."""
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "loopscope", "serve", *args],
                                   cwd=cwd, stdout=stdout, stderr=stderr,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    served = None
    try:
        served = Served(process, out, err)
        yield served
    finally:
        if served is not None:
            served.stop()
        elif process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _listening(port: int) -> list[str]:
    """The local addresses of the TCP sockets listening on ``port`` (from /proc/net/tcp*)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                if len(address) == 8:  # IPv4, one little-endian 32-bit word
                    found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
                else:
                    found.append(f"ipv6:{address}")
    return found


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_serve_binds_loopback_by_default(tmp_path: Path) -> None:
    before = _descendants(os.getpid())
    with serving(tmp_path, "--port", "0", program("waiter.py")) as served:
        assert served.host == "127.0.0.1"
        with socket.create_connection(("127.0.0.1", served.port), timeout=DEADLINE):
            pass
        assert _listening(served.port) == ["127.0.0.1"]
        started = _descendants(os.getpid()) - before
    assert served.process.returncode == 0
    assert served.err.read_text() == ""
    _ended(started)


def test_serve_on_another_address_warns(tmp_path: Path) -> None:
    with serving(tmp_path, "--host", "0.0.0.0", "--port", "0", program("waiter.py")) as served:
        assert served.host == "0.0.0.0"
    assert served.err.read_text().splitlines() == [
        f"loopscope: warning: serving on 0.0.0.0, not on a loopback address: anyone who can "
        f"reach port {served.port} of this machine can run samples/waiter.py with your "
        f"permissions"]


def test_serving_a_recording_on_another_address_warns_too(tmp_path: Path) -> None:
    recording = tmp_path / "waiter.loopscope"
    subprocess.run([sys.executable, "-m", "loopscope", "record", "-o", str(recording),
                    program("waiter.py")], cwd=REPO, check=True, capture_output=True,
                   timeout=DEADLINE)
    with serving(tmp_path, "--host", "0.0.0.0", "--port", "0", "--replay",
                 str(recording)) as served:
        assert served.host == "0.0.0.0"
    assert served.err.read_text().splitlines() == [
        f"loopscope: warning: serving on 0.0.0.0, not on a loopback address: anyone who can "
        f"reach port {served.port} of this machine can step through {recording}"]


@pytest.mark.parametrize(("args", "message"), [
    (("serve",), "loopscope: error: no script given (usage: loopscope [trace] SCRIPT [ARGS...])"),
    (("serve", "nosuch.py"), "loopscope: error: no such file: nosuch.py"),
    (("serve", "--port", "http", "samples/waiter.py"),
     "loopscope: error: argument --port: invalid int value: 'http'"),
    (("serve", "--port", "70000", "samples/waiter.py"),
     "loopscope: error: --port must be between 0 and 65535, not 70000"),
    # 192.0.2.1 is TEST-NET-1: never an address of this machine, and no name lookup.
    (("serve", "--host", "192.0.2.1", "samples/waiter.py"),
     "loopscope: error: cannot serve on 192.0.2.1:8000: Cannot assign requested address"),
    (("serve", "--max-visitors", "0", "samples/waiter.py"),
     "loopscope: error: --max-visitors must be 1 or more, not 0"),
    (("serve", "--allow-origin", "debug.example.com", "samples/waiter.py"),
     "loopscope: error: --allow-origin: 'debug.example.com' is not an origin (http:// or "
     "https://, a host, an optional port, nothing after)"),
    (("serve", "--replay", "nosuch.loopscope"),
     "loopscope: error: no such recording: nosuch.loopscope"),
    (("serve", "--replay", "nosuch.loopscope", "samples/waiter.py"),
     "loopscope: error: --replay serves a recording: give no script as well"),
])
def test_serve_bad_command_lines(args: tuple[str, ...], message: str) -> None:
    done = subprocess.run([sys.executable, "-m", "loopscope", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=DEADLINE)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [message]
    assert "Traceback" not in done.stdout + done.stderr


def test_serve_on_a_port_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "loopscope", "serve", "--port", str(port),
             program("waiter.py")], capture_output=True, text=True, cwd=REPO, timeout=DEADLINE)
    assert done.returncode == 2
    assert done.stderr == (f"loopscope: error: cannot serve on 127.0.0.1:{port}: "
                           "Address already in use\n")


def test_served_command_keeps_the_debugger_options() -> None:
    from loopscope.cli import _parser
    from loopscope.serve import command_line

    args = _parser("serve").parse_args(
        ["--host", "0.0.0.0", "--port", "9000", "--clock", "real", "--break", "w.py:3",
         "--break", "w.py:5", "--break-exceptions", "--history", "50", "--narration", "waiter",
         "w.py", "--port", "1"])
    # serve's own options stay out; those after the script are the script's.
    assert command_line(_parser(None), args) == [
        "--history", "50", "--narration", "waiter", "--clock", "real", "--break", "w.py:3",
        "--break", "w.py:5", "--break-exceptions", "w.py", "--port", "1"]


def _wait_for_screen(page: Any, *texts: str) -> list[str]:
    """Wait until the terminal shows all of ``texts`` at once; its rows, stripped."""
    wanted = json.dumps(texts)
    shows = f"() => {{ const screen = ({SCREEN})(); return {wanted}.every(t => screen.includes(t)); }}"
    try:
        page.wait_for_function(shows, timeout=DEADLINE * 1000)
    except PlaywrightTimeout:
        raise AssertionError(f"{texts} never appeared; the screen:\n{page.evaluate(SCREEN)}") \
            from None
    return [row.strip() for row in page.evaluate(SCREEN).splitlines()]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (.ci/run installs it)")
@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
@pytest.mark.parametrize("replay", [False, True], ids=["script", "recording"])
def test_the_browser_shows_the_panes_and_steps_on_a_key(tmp_path: Path, replay: bool) -> None:
    assert CHROMIUM is not None
    if replay:
        recording = tmp_path / "waiter.loopscope"
        subprocess.run([sys.executable, "-m", "loopscope", "record", "-o", str(recording),
                        program("waiter.py")], cwd=REPO, check=True, capture_output=True,
                       timeout=DEADLINE)
        served_args: tuple[str, ...] = ("--replay", str(recording))
        ui = f"{sys.executable} -m loopscope replay {recording}"
    else:
        served_args = (program("waiter.py"),)
        ui = f"{sys.executable} -m loopscope samples/waiter.py"
    before = _descendants(os.getpid())
    started: set[tuple[int, int]] = set()
    with serving(tmp_path, "--port", "0", *served_args) as served:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
                args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 900})
            try:
                # Two visitors: each gets a session of their own.
                first = _open(browser, served.url)
                first_session = _descendants(served.process.pid)
                _check_session(first_session, ui, replay)
                second = _open(browser, served.url)
                second_session = _descendants(served.process.pid) - first_session
                _check_session(second_session, ui, replay)
                started = _descendants(os.getpid()) - before  # browser, server, UIs, debuggees

                first.click("#terminal")
                first.keyboard.press("Space")
                status = "paused  step 1 · switch 1 · t=0.0"
                rows = _wait_for_screen(first, status)
                assert status in rows
                assert "Tasks (5 alive, 5 seen)" in first.evaluate(SCREEN)
                rows = [row.strip() for row in second.evaluate(SCREEN).splitlines()]
                assert "paused  step 0 · switch 0 · t=0.0" in rows  # the other one did not move

                # A visitor who closes the tab ends that session's processes, and only those.
                first.close()
                _ended(first_session)
                assert served.process.poll() is None
                assert not second_session - _alive(second_session)

                # Stopping the server with a page open ends that page's session and processes.
                assert served.stop() == 0
                second.wait_for_function("() => document.body.classList.contains('-closed')",
                                         timeout=DEADLINE * 1000)
                assert second.inner_text(".closed-dialog .message") == "Session ended."
                _ended(second_session)
            finally:
                browser.close()
    _ended(started)


def _open(browser: Any, url: str) -> Any:
    """A new tab on ``url``, once it shows the first paused screen of samples/waiter.py."""
    page = browser.new_page()
    page.add_init_script(CATCH_TERMINAL)
    page.goto(url)
    status = "paused  step 0 · switch 0 · t=0.0"
    rows = _wait_for_screen(page, "Tasks (1 alive, 1 seen)", "Ready queue (1)", "Timers (0)",
                            "Output", "Source · waiter.py · Task-1 · line 45/62", status)
    assert "Paused before the first switch; next: Task-1" in rows
    assert status in rows
    return page


def _check_session(processes: set[tuple[int, int]], ui: str, replay: bool) -> None:
    """One session's processes: the UI, and the debuggee unless it replays a recording."""
    commands = [_command(pid) for pid, _ in processes]
    assert ui in commands
    shells = sum(command.startswith("/bin/sh ") for command in commands)  # sh -c may exec
    assert len(commands) - shells == (1 if replay else 2), commands
