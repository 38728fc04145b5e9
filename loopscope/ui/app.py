"""``run_app``: what ``loopscope SCRIPT`` runs.

It starts the debuggee *first* (``feed`` needs only the standard library) and imports Textual
and builds the app while the program makes its way to its first pause: the two take about
0.2 s and 0.3 s here, so the first paused screen comes sooner than either in sequence
(issue 6 asks for 0.4 s). That is why this module imports no Textual at module level and the
app class lives in ``debugger``.

The exit status is 0 when the user quits; the program's own exit code is shown on screen.
"""

from __future__ import annotations

import os

from ..history import DEFAULT_LIMIT
from ..session import Launch
from .feed import LiveSource


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
    app = None
    try:
        from .debugger import LoopscopeApp

        app = LoopscopeApp(source, breaks=launch.breaks, break_tasks=launch.break_tasks,
                           history_limit=history if history else history_limit(),
                           started=True, narration=narration)
        result = app.run()
    finally:
        source.stop()
        if app is not None:
            app.source.stop()  # after a restart the app owns another source
    if isinstance(result, int):
        return result
    return app.return_code or 0


__all__ = ["run_app", "history_limit"]
