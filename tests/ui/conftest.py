"""Fixtures of the UI tests: real debuggees on small programs, and deterministic waits.

Every test runs the real app on a real debuggee (``LiveSource``). Nothing sleeps and hopes: a
key that makes the program move is followed by ``LoopscopeApp.wait_for``, which returns once
the batch of events that satisfies the condition has been applied, then by ``pilot.pause()``
so that the screen is painted. Programs run from the repository root with relative paths, so
no absolute path of this machine can reach a screen or a snapshot.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_textual_snapshot
from rich.console import Console
from textual.pilot import Pilot

from loopscope.history import Entry
from loopscope.session import Launch
from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.feed import LiveSource
from loopscope.ui.status import StatusBar


class _PerVersionSVG(pytest_textual_snapshot.SVGImageExtension):  # type: ignore[misc]
    """Screens show CPython's own lines (``asyncio/tasks.py:649`` on 3.11, ``:716`` on 3.14) and
    its task numbers (3.14 numbers only unnamed tasks): each version the UI suite runs on keeps
    its own snapshots, 3.11's in ``__snapshots__/<test file>/``, another's in a ``py3.X``
    folder beside them."""

    @classmethod
    def dirname(cls, *, test_location: Any) -> str:
        base = str(super().dirname(test_location=test_location))
        if sys.version_info[:2] == (3, 11):
            return base
        return os.path.join(base, f"py{sys.version_info[0]}.{sys.version_info[1]}")


# ``snap_compare`` looks the extension up by this name at each call.
pytest_textual_snapshot.SVGImageExtension = _PerVersionSVG

REPO = Path(__file__).resolve().parents[2]
PROGRAMS = Path(__file__).resolve().parent / "programs"

#: Keys that ask the debuggee for one more pause.
STEP_KEYS = {"n", "space", "s", "right", "t"}


def program(name: str) -> str:
    """A program's path relative to the repository root (samples first, then our own)."""
    sample = REPO / "samples" / name
    if sample.exists():
        return f"samples/{name}"
    return str((PROGRAMS / name).relative_to(REPO))


MakeApp = Callable[..., LoopscopeApp]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(asyncio.wait_for(pyfuncitem.obj(**kwargs), TEST_TIMEOUT))
    return True


#: No UI test may take longer than this (a hung debuggee fails the test, not the suite).
TEST_TIMEOUT = 60.0


@pytest.fixture
def make_app() -> Iterator[MakeApp]:
    apps: list[LoopscopeApp] = []

    def make(script: str, *args: str, breaks: tuple[str, ...] = (),
             break_tasks: tuple[str, ...] = (), clock: str = "virtual", slow: float = 0.1,
             history_limit: int = 100_000) -> LoopscopeApp:
        launch = Launch(target=[script, *args], cwd=str(REPO), clock=clock, slow=slow,
                        time_limit=86400.0, breaks=list(breaks),
                        break_tasks=list(break_tasks))
        app = LoopscopeApp(LiveSource(launch), breaks=launch.breaks,
                           break_tasks=launch.break_tasks, history_limit=history_limit)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.source.stop()


async def started(pilot: Pilot[Any]) -> None:
    """Wait for the first pause (or the end) and its paint."""
    app = pilot.app
    assert isinstance(app, LoopscopeApp)
    await app.wait_for(lambda: app.run_state.pauses >= 1 or app.run_state.finished)
    await settle(pilot)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys; after each key that moves the program, wait for the next pause or end."""
    app = pilot.app
    assert isinstance(app, LoopscopeApp)
    for key in keys:
        run = app.run_state
        before = run.pauses
        moves = key in STEP_KEYS and not run.finished and (
            key != "right" or app.view is None)
        await pilot.press(key)
        if moves:
            await app.wait_for(_moved_past(app, before))
        await settle(pilot)


def _moved_past(app: LoopscopeApp, pauses: int) -> Callable[[], bool]:
    """A pause after ``pauses`` that the user lands on, or the end. A pause of asyncio's own
    is stepped through while folding is on (``presenting.py``): it is not where a key lands."""
    def moved() -> bool:
        run = app.run_state
        latest = run.history.latest
        folded = app.fold and latest is not None and latest.own
        return run.finished or (run.pauses > pauses and not folded)
    return moved


async def settle(pilot: Pilot[Any]) -> None:
    """Let the screen finish painting: a layout pass may add scrollbars, which repaints."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def until(pilot: Pilot[Any], predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    app = pilot.app
    assert isinstance(app, LoopscopeApp)
    await app.wait_for(predicate, timeout)
    await settle(pilot)


def screen_text(app: LoopscopeApp, *, without_status: bool = False) -> str:
    """The screen as plain text (what a person would read), optionally minus the status bar."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    lines = console.export_text().splitlines()
    if without_status:
        row = app.query_one(StatusBar).region.y
        del lines[row]
    return "\n".join(lines)


def latest(app: LoopscopeApp) -> Entry:
    """The newest history entry (there is one once the app has started)."""
    entry = app.run_state.history.latest
    assert entry is not None
    return entry


def process_of(app: LoopscopeApp) -> subprocess.Popen[bytes]:
    source = app.source
    assert isinstance(source, LiveSource) and source.debuggee.process is not None
    return source.debuggee.process


def status_text(app: LoopscopeApp) -> str:
    return str(app.query_one(StatusBar).render())


def record(tmp_path: Path, script: str) -> Path:
    """``loopscope record`` of ``script`` (run from the repository root) into ``tmp_path``."""
    out = tmp_path / "run.loopscope"
    done = subprocess.run([sys.executable, "-m", "loopscope", "record", "-o", str(out), script],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return out


def replay_comparable(text: str) -> list[str]:
    """A screen's lines less the one a replay may title differently ("(replay)"); the rest
    comes from the snapshots and must be the live run's."""
    return [line for line in text.splitlines() if "(replay)" not in line]
