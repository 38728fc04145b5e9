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
"""

from __future__ import annotations

import gc
from typing import Any

#: Allocations of containers between two young collections (CPython's default: 700).
YOUNG_THRESHOLD = 10_000
#: Whole snapshots with fewer tasks than this are not worth a freeze.
FREEZE_AT = 1_000


def tune() -> None:
    """Collect the young generation less often (the front end's process only)."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(YOUNG_THRESHOLD, young), middle, old)


def whole_snapshot_taken(snapshot: dict[str, Any]) -> None:
    """Freeze what is alive after a large whole snapshot was decoded (any thread)."""
    tasks = snapshot.get("tasks")
    if isinstance(tasks, list) and len(tasks) >= FREEZE_AT:
        gc.freeze()


__all__ = ["tune", "whole_snapshot_taken", "YOUNG_THRESHOLD", "FREEZE_AT"]
