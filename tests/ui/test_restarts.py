"""Restarting many times (issue 14, item 1).

Each run is read by a thread worker, and Textual's thread workers share one pool of
min(32, CPUs + 4) threads: a reader left waiting on the source a restart let go of kept its
thread for good, so on a 2-core machine the feed of the 7th run never started ("starting"
forever). The reader of a replaced source is cancelled and its source stopped, which wakes it.
"""

from __future__ import annotations

import sys
import threading
import traceback

from .conftest import MakeApp, press, program, started, status_text

#: More restarts than any pool has threads (min(32, CPUs + 4) <= 32).
RESTARTS = 30


async def test_thirty_restarts_in_a_row_then_a_step_lands(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        for _ in range(RESTARTS):
            await pilot.press("r")
            await started(pilot)
        await press(pilot, "n")
        assert status_text(app).startswith(" paused  step 1 · switch 1 · t=0.0")
        # One reader at most: the last run's (the others ended with their sources).
        feeds = [worker for worker in app.workers if worker.group == "feed"
                 and not worker.is_cancelled and not worker.is_finished]
        assert len(feeds) == 1
        readers = [thread for thread in threading.enumerate()
                   if thread.name.startswith("asyncio_") and _busy(thread)]
        assert len(readers) <= 1


def _busy(thread: threading.Thread) -> bool:
    """Whether ``thread`` (one of the pool's) is running a feed worker."""
    frame = sys._current_frames().get(thread.ident or -1)
    stack = traceback.extract_stack(frame) if frame is not None else []
    return any(entry.name == "_feed" for entry in stack)
