"""``run_app``: what ``loopscope SCRIPT`` runs.

It starts the debuggee *first* (``feed`` needs only the standard library) and imports Textual
and builds the app while the program makes its way to its first pause: the two take about
0.2 s and 0.3 s here, so the first paused screen comes sooner than either in sequence
(issue 6 asks for 0.4 s). That is why this module imports no Textual at module level and the
app class lives in ``debugger``.

The exit status is 0 when the user quits; the program's own exit code is shown on screen.

The terminal must be given back whatever happens: ``q`` and Ctrl+C quit through the app, an
exception inside loopscope is caught by Textual (which restores the terminal, then prints it),
and SIGTERM or SIGHUP, which would otherwise kill the process with the terminal still in the
alternate screen and raw mode, are turned into a normal exit by ``run_in_terminal``. In each
case the debuggee is killed and reaped (``finally`` below), so no process is left behind.
"""

from __future__ import annotations

import asyncio
import os
import signal
from typing import TYPE_CHECKING, Any

from ..history import DEFAULT_LIMIT
from ..session import Launch
from . import heap
from .feed import LiveSource

if TYPE_CHECKING:
    from textual.app import App

#: Signals that end loopscope as if the user had quit (status 128+N, as a shell reports).
QUIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def history_limit() -> int:
    """Snapshots kept for stepping back: ``LOOPSCOPE_HISTORY`` (default 100,000)."""
    try:
        return max(1, int(os.environ.get("LOOPSCOPE_HISTORY", DEFAULT_LIMIT)))
    except ValueError:
        return DEFAULT_LIMIT


def run_app(launch: Launch, history: int | None = None, narration: str = "technical") -> int:
    """Open the debugger on ``launch``; return the exit status for the shell.

    ``history``: snapshots kept for stepping back (``--history``; else ``history_limit()``);
    ``narration``: the vocabulary the narration starts in (``--narration``)."""
    source = LiveSource(launch)
    source.start()
    heap.pause_for_startup()  # until the first frame (LoopscopeApp.on_ready)
    app = None
    try:
        from .debugger import LoopscopeApp

        app = LoopscopeApp(source, breaks=launch.breaks, break_tasks=launch.break_tasks,
                           history_limit=history if history else history_limit(),
                           started=True, narration=narration)
        result = run_in_terminal(app)
    finally:
        heap.startup_done()  # if the app never showed a frame
        source.stop()
        if app is not None:
            app.source.stop()  # after a restart the app owns another source
    if isinstance(result, int):
        return result
    return app.return_code or 0


def run_in_terminal(app: App[Any]) -> Any:
    """``app.run()``, with SIGTERM and SIGHUP handled by the app's loop as a quit."""
    loop = asyncio.new_event_loop()
    for signum in QUIT_SIGNALS:
        loop.add_signal_handler(signum, app.exit, 128 + signum)
    try:
        return app.run(loop=loop)
    finally:
        for signum in QUIT_SIGNALS:
            loop.remove_signal_handler(signum)
        loop.close()


__all__ = ["run_app", "run_in_terminal", "history_limit"]
