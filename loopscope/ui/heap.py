"""The front end's garbage collector, set for a heap of snapshots.

Snapshots are plain data decoded from JSON (dicts, lists, strings, numbers): they hold no
reference cycles and are freed by reference counting alone. CPython's cyclic collector walks
them anyway: every young collection visits each 10,000-entry list a step makes (the tasks of
the new snapshot, of the Tasks pane, of the marks cache), and now and then a full collection
walks the whole heap. With 10,000 tasks that came to 23 ms a step on average, and a step now
and then held for 0.3-0.55 s by a full collection (benchmarks.screen, 60 steps of
``workloads/sleepers.py``; the whole step takes about 30 ms of CPU).

So, in the front end only (the debuggee runs under the program's own settings):

* ``tune``: a young collection every 10,000 allocations of containers rather than 700, so one
  runs every few steps instead of several times a step;
* ``whole_snapshot_taken``: once a large whole snapshot has been taken in (the first pause, the
  pause after a free ``continue``), everything alive is frozen (``gc.freeze``): out of the
  collector's sight for good, while reference counting still frees it. The price is that
  cyclic garbage alive at that moment is never collected: what the UI made since the last
  collection, a few hundred objects, once per large whole snapshot.

Measured together: 1.35 s of collections over those 60 steps before, 0.22 s after, with no
full collection.

* ``pause_for_startup`` / ``startup_done``: start-up (Textual's import, the stylesheet, the first
  pause drawn) builds some 300,000 objects and frees few, so the collector runs about 160 times
  and finds next to nothing: 77 M of the front end's 1,590 M instructions to the first painted
  screen (callgrind, ``loopscope samples/waiter.py``). ``run_app`` turns it off before importing
  Textual and the app turns it back on once the first frame is on screen, freezing what start-up
  made (the modules, the widgets, the stylesheet: none of it is garbage).
"""

from __future__ import annotations

import gc
from typing import Any

#: Allocations of containers between two young collections (CPython's default: 700).
YOUNG_THRESHOLD = 10_000
#: Whole snapshots with fewer tasks than this are not worth a freeze.
FREEZE_AT = 1_000

#: True while ``pause_for_startup`` holds the collector off.
_paused = False


def tune() -> None:
    """Collect the young generation less often (the front end's process only)."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(YOUNG_THRESHOLD, young), middle, old)


def whole_snapshot_taken(snapshot: dict[str, Any]) -> None:
    """Freeze what is alive after a large whole snapshot was decoded (any thread)."""
    tasks = snapshot.get("tasks")
    if isinstance(tasks, list) and len(tasks) >= FREEZE_AT:
        gc.freeze()


def pause_for_startup() -> None:
    """No collection until ``startup_done`` (``run_app``, before Textual is imported)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def startup_done() -> None:
    """The first frame is on screen: freeze what start-up made and collect again.

    Does nothing unless ``pause_for_startup`` turned the collector off (an app run by tests)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


__all__ = ["tune", "whole_snapshot_taken", "pause_for_startup", "startup_done",
           "YOUNG_THRESHOLD", "FREEZE_AT"]
