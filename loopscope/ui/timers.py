"""The Timers pane: sleeping timers, soonest first, then I/O waiters and thread jobs.

Each timer shows its deadline on the loop's clock (``t=10.0``, virtual by default), the time left
from the paused moment, and what it will wake (``task Two``, or a callback). File descriptors the
selector watches and pending executor jobs follow, since they too can wake the loop.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ..narrate import fmt_t
from .rows import RowList


class Timers(RowList):
    """Timers in deadline order, then I/O."""

    ALLOW_MAXIMIZE = True

    def render_row(self, row: Any, index: int, width: int) -> Text:
        text = Text()
        if "fd" in row:
            text.append(f"fd {row['fd']} {row.get('direction')}", "cyan")
            text.append(f"  {row.get('what')}", "dim")
            return text
        if "jobs" in row:
            text.append(f"{row['jobs']} thread job(s) pending", "cyan")
            return text
        text.append(f"t={fmt_t(row.get('when'))}", "bold" if index == 0 else "")
        text.append(f"  in {fmt_t(row.get('left'))} s", "dim")
        text.append(f"  {row.get('what')}")
        return text

    def show(self, snapshot: dict[str, Any]) -> None:
        timers = snapshot.get("timers") or []
        rows: list[dict[str, Any]] = list(timers)
        rows.extend(snapshot.get("io") or [])
        if snapshot.get("executor_pending"):
            rows.append({"jobs": snapshot["executor_pending"]})
        self.set_rows(rows, empty=[Text("(no timers)")])
        extra = len(rows) - len(timers)
        self.set_title(f"Timers ({len(timers)})" + (f" + {extra} I/O" if extra else ""))
