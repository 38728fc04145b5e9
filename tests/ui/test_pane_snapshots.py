"""Exact screens of the panes shown on demand: I/O and threads (o), the await graph (g) and
the task figures (y). The timeline (v) has its own, in ``test_timeline_snapshots.py``.

A real run differs from the next in a few figures no snapshot can hold: the ports the
kernel hands out, and the real CPU time each step held the loop. ``SteadySource`` rewrites
those in the events before the app sees them (ports in order of first sight, every step's
CPU time one millisecond), and nothing else. Refresh with ``pytest
tests/ui/test_pane_snapshots.py --snapshot-update`` after a deliberate change of the look, and
look at the result.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from textual.pilot import Pilot

from loopscope.session import Launch
from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.feed import Event, LiveSource

from .conftest import REPO, latest, press, program, started

TCP = "tests/engine/programs/tcp_clients.py"
AWAIT_TREE = "tests/engine/programs/await_tree.py"
_PORT = re.compile(r":(\d+)$")


class SteadySource(LiveSource):
    """A live debuggee whose events keep only what is the same from run to run."""

    def __init__(self, launch: Launch) -> None:
        super().__init__(launch)
        self._ports: dict[str, str] = {}

    def next_batch(self, timeout: float, limit: int = 2000) -> list[Event]:
        return [self._steady(event) for event in super().next_batch(timeout, limit)]

    def _steady(self, event: Event) -> Event:
        if event.get("kind") == "switch" and "cpu" in event:
            return {**event, "cpu": 0.001}
        snapshot = event.get("snapshot")
        if not snapshot or not (snapshot.get("io_detail") or {}).get("fds"):
            return event
        # The real time waited for the sockets is charged to the virtual clock (microseconds).
        snapshot = {**snapshot, "t": round(float(snapshot.get("t") or 0.0), 1)}
        detail = copy.deepcopy(snapshot["io_detail"])
        for entry in detail["fds"]:
            for key in ("local", "peer"):
                if entry.get(key):
                    entry[key] = _PORT.sub(self._port, entry[key])
        return {**event, "snapshot": {**snapshot, "io_detail": detail}}

    def _port(self, match: re.Match[str]) -> str:
        return ":" + self._ports.setdefault(match.group(1), str(40001 + len(self._ports)))

    def fresh(self, breaks: list[str], break_tasks: list[str]) -> SteadySource:
        return SteadySource(replace(self.launch, breaks=breaks, break_tasks=break_tasks))


@pytest.fixture
def steady_app() -> Iterator[Any]:
    apps: list[LoopscopeApp] = []

    def make(script: str) -> LoopscopeApp:
        launch = Launch(target=[script], cwd=str(REPO), time_limit=86400.0)
        app = LoopscopeApp(SteadySource(launch))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.source.stop()


def _everyone_on_a_socket(app: LoopscopeApp) -> bool:
    snap = latest(app).snapshot
    fds = (snap.get("io_detail") or {}).get("fds") or []
    return snap.get("waiting_for_io") is True and sum(1 for f in fds if f.get("waiting")) == 6


def test_io_pane_of_a_server_and_three_clients(snap_compare: Any, steady_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, LoopscopeApp)
        await started(pilot)
        while not _everyone_on_a_socket(app):
            await press(pilot, "n")
        await press(pilot, "o")

    assert snap_compare(steady_app(TCP), terminal_size=(120, 36), run_before=run_before)


def test_await_graph_of_gather_and_taskgroup(snap_compare: Any, steady_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, LoopscopeApp)
        await started(pilot)
        while latest(app).reason != "idle":
            await press(pilot, "n")
        await press(pilot, "g")

    assert snap_compare(steady_app(AWAIT_TREE), terminal_size=(120, 36), run_before=run_before)


def test_task_figures_of_queue_workers(snap_compare: Any, steady_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await started(pilot)
        await press(pilot, "y", *["n"] * 12)

    assert snap_compare(steady_app(program("queue_workers.py")), terminal_size=(120, 36),
                        run_before=run_before)
