"""Snapshot emission: what a ``paused`` or ``progress`` event carries, built two ways.

Every snapshot the debuggee sends at a pause is built by ``incremental.Snapshots`` from the
entries it sent before, describing again only what may have changed, and goes out as a
``delta`` (or whole, the first time and after unseen steps). The ``snapshot`` command is
answered by ``fresh_snapshot`` instead: ``snapshot.build`` describes everything from scratch,
without touching that cache. Both paths end in ``_add_sections``, which adds the sections other
modules build (the await graph, I/O, blocking marks, a line step's walk, a deadlock's graph),
the kept await edges on the first path (``edgecache``) and a whole look on the second. So the
delta tests can compare the two at every pause, field for field: that comparison is the proof
that nothing the caches skip could have changed, and it only holds if the two paths share
everything but the caching. A snapshot bug must never break the user's program: each path
catches its own errors and sends an empty snapshot that carries ``error``.

A mixin of ``Stepper``: it reads the stepper's counters, clock and pause state, and owns none.
"""

from __future__ import annotations

from typing import Any

from . import awaitgraph, io_snapshot, snapshot
from .clock import VirtualClock
from .incremental import Snapshots
from .loop import SteppingEventLoop
from .snapshot import TaskRegistry


class Emitting:
    """The snapshot half of ``Stepper`` (see the module's docstring)."""

    registry: TaskRegistry
    snapshots: Snapshots
    clock: VirtualClock
    origin: float | None
    step: int
    switches: int
    why: dict[int, tuple[Any, str]]
    last: dict[str, Any] | None
    @property
    def loop(self) -> SteppingEventLoop | None:
        raise NotImplementedError

    _closing_snapshot: dict[str, Any] | None

    @property
    def loops(self) -> list[SteppingEventLoop]:
        raise NotImplementedError

    blocking: dict[str, float]
    pause_reason: str | None
    deadlock_report: dict[str, Any] | None
    _line_report: dict[str, Any] | None

    def engine_error(self, doing: str, exc: BaseException) -> None:
        raise NotImplementedError

    def _t(self, loop: SteppingEventLoop) -> float:
        raise NotImplementedError

    def _sync_counts(self, loop: SteppingEventLoop) -> None:
        raise NotImplementedError

    def final_snapshot(self) -> dict[str, Any] | None:
        """The loop as the program left it, counts brought up to date: as it is if it is still
        open, else as it was when it closed (None: no loop ran)."""
        loop = self.loop
        if loop is None:
            return self._closing_snapshot
        for each in self.loops:
            if each._task_steps or each._callback_steps:
                self._sync_counts(each)
        return self.snapshot(loop, None)

    def snapshot(self, loop: SteppingEventLoop, next_handle: Any) -> dict[str, Any]:
        """The whole snapshot now."""
        return self.snapshot_fields(loop, next_handle, full=True)["snapshot"]  # type: ignore

    def fresh_snapshot(self, loop: SteppingEventLoop, next_handle: Any) -> dict[str, Any]:
        """The whole snapshot described afresh, without the cache of ``snapshots``."""
        try:
            snap = snapshot.build(
                loop, self.registry, origin=self.origin or self.clock.base, step=self.step,
                switches=self.switches, next_handle=next_handle, why=self.why, last=self.last,
                clock="virtual" if self.clock.virtual else "real")
            self._add_sections(loop, snap)
            return snap
        except Exception as exc:  # never let a snapshot bug break the program
            self.engine_error("building a snapshot", exc)
            return {"step": self.step, "switches": self.switches, "t": self._t(loop),
                    "clock": "virtual" if self.clock.virtual else "real", "tasks": [],
                    "ready": [], "timers": [], "io": [], "executor_pending": 0,
                    "last": self.last, "error": str(exc)}

    def snapshot_fields(self, loop: SteppingEventLoop, next_handle: Any,
                        full: bool = False) -> dict[str, Any]:
        """``{"snapshot": whole}`` or ``{"delta": changes since the last one sent}``, for a
        ``paused`` or ``progress`` event: every snapshot built is sent."""
        live = {id(h) for h in loop._ready}
        if next_handle is not None:
            live.add(id(next_handle))
        self.why = {k: v for k, v in self.why.items() if k in live}
        try:
            form, body = self.snapshots.take(
                loop, origin=self.origin or self.clock.base, next_handle=next_handle,
                why=self.why, full=full,
                add_sections=lambda snap: self._add_sections(loop, snap, self.snapshots),
                sections={"step": self.step, "switches": self.switches,
                          "clock": "virtual" if self.clock.virtual else "real",
                          "last": self.last})
            return {form: body}
        except Exception as exc:  # never let a snapshot bug break the program
            self.engine_error("building a snapshot", exc)
            self.snapshots.invalidate()
            return {"snapshot": {
                "step": self.step, "switches": self.switches, "t": self._t(loop),
                "clock": "virtual" if self.clock.virtual else "real", "tasks": [],
                "ready": [], "timers": [], "io": [], "executor_pending": 0,
                "last": self.last, "error": str(exc)}}

    def _add_sections(self, loop: SteppingEventLoop, snap: dict[str, Any],
                      kept: Snapshots | None = None) -> None:
        """The sections of the snapshot built by their own modules. ``kept``: the deltas'
        cache, whose await edges follow the tasks that ran (a fresh snapshot looks at every
        task, so the delta tests compare the two)."""
        if kept is not None:
            snap["awaits"] = kept.edges.edges(loop, kept.known_tasks)
        else:
            snap["awaits"] = awaitgraph.await_edges(loop, self.registry)
        snap["io_detail"] = io_snapshot.io_detail(loop, self.registry)
        # Nothing ready, and something outside can wake the loop: it is about to wait for it.
        snap["waiting_for_io"] = bool(not snap["ready"] and loop.is_running()
                                      and loop._external_pending())
        if self.blocking:
            snap["blocking"] = dict(self.blocking)
        if self._line_report is not None and (self.pause_reason or "").startswith("line step"):
            snap["line_step"] = self._line_report
        report = self.deadlock_report
        if report is not None and self.pause_reason == "deadlock":
            snap["deadlock"] = {"tasks": report["tasks"], "cycles": report.get("cycles", [])}


__all__ = ["Emitting"]
