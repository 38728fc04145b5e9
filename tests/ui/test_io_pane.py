"""The I/O and threads pane (``o``) and the status bar while the loop waits for I/O."""

from __future__ import annotations

import re
import subprocess
import sys

from loopscope.ui.io_pane import IoPane

from .conftest import REPO, MakeApp, latest, press, program, started, status_text, until

TCP = "tests/engine/programs/tcp_clients.py"


def _masked(line: str) -> str:
    """Ports, file descriptor numbers and automatic task names differ between runs."""
    line = re.sub(r"\bTask-\d+", "Task-#", line)  # automatic names differ between runs
    line = re.sub(r":\d+ +→", ":PORT →", line)  # the local address is padded to a column
    line = re.sub(r":\d+", ":PORT", line)
    return re.sub(r"fd \d+ *", "fd N ", line)


def _everyone_on_a_socket(app: object) -> bool:
    snap = latest(app).snapshot  # type: ignore[arg-type]
    fds = (snap.get("io_detail") or {}).get("fds") or []
    return snap.get("waiting_for_io") is True and sum(1 for f in fds if f.get("waiting")) == 6


async def test_a_server_and_three_clients_each_socket_with_its_task(make_app: MakeApp) -> None:
    app = make_app(TCP)
    async with app.run_test(size=(140, 40)) as pilot:
        await started(pilot)
        while not _everyone_on_a_socket(app):
            await press(pilot, "n")
        assert latest(app).reason == "idle"
        assert "idle: the loop will wait for I/O" in status_text(app)
        await press(pilot, "o")
        pane = app.query_one(IoPane)
        assert pane.display
        assert [_masked(line) for line in pane.lines()] == [
            "Sockets and pipes",
            "fd N read  127.0.0.1:PORT listening  held by Task-#",
            "fd N read  127.0.0.1:PORT → 127.0.0.1:PORT  client-1 waits",
            "fd N read  127.0.0.1:PORT → 127.0.0.1:PORT  client-2 waits",
            "fd N read  127.0.0.1:PORT → 127.0.0.1:PORT  client-3 waits",
            "fd N read  127.0.0.1:PORT → 127.0.0.1:PORT  Task-# waits",
            "fd N read  127.0.0.1:PORT → 127.0.0.1:PORT  Task-# waits",
            "fd N read  127.0.0.1:PORT → 127.0.0.1:PORT  Task-# waits",
        ]
        # Each server-side socket is the peer of one client's, in the order they connected.
        fds = latest(app).snapshot["io_detail"]["fds"]
        assert [f["peer"] for f in fds[4:]] == [f["local"] for f in fds[1:4]]
        assert str(pane.border_title).startswith("I/O and threads (7 fds) · the loop waits")
        await press(pilot, "c")
        await until(pilot, lambda: app.run_state.ended)
        plain = subprocess.run([sys.executable, TCP], cwd=REPO, capture_output=True, text=True,
                               timeout=30)
        shown = [text for stream, text in app.run_state.output.visible() if stream == "stdout"]
        assert app.run_state.exit_code == 0 == plain.returncode
        assert "".join(line + "\n" for line in shown) == plain.stdout


async def test_the_status_bar_says_the_loop_waits_for_io(make_app: MakeApp) -> None:
    app = make_app(program("socket_wait.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: "the loop is waiting for I/O" in status_text(app))
        assert status_text(app).startswith(" running ")
        await pilot.press("p")  # lands at once: the debuggee wakes its own select()
        await until(pilot, lambda: app.run_state.paused)
        assert latest(app).reason == "pause"
        await press(pilot, "o")
        assert [_masked(line) for line in app.query_one(IoPane).lines()] == [
            "Sockets and pipes",
            "fd N read  unix socket  Task-# waits",
        ]
        await pilot.press("c")
        assert app.source.write_stdin("ping\n")
        await until(pilot, lambda: app.run_state.ended)
        assert app.run_state.exit_code == 0
