"""The whole run as a picture: one lane per task over virtual time.

Built from the tracer's event stream alone (``switch``, ``task_created``, ``task_done``,
``callback``, ``clock_jumped``), so a recording draws the same picture as a live run. A task's
lane shows each step it ran (a tick at that instant of virtual time: steps take no virtual time)
and, between two steps, what it waited on (a bar labelled ``sleep(15)``, ``Queue.get()``, ...).
Timer firings are marked on the axis. In the debugger the pauses' snapshots add when a task was
*ready* (its wait over, its step not yet run), and which spans ran freely and were not followed.

Three outputs: the debugger's timeline pane (``loopscope.ui.timeline_pane``, which draws any
moment of the run from this same model), a self-contained SVG (``--timeline run.svg``) to put on
a slide, and a Chrome trace (``--chrome-trace run.json``, the Trace Event Format that Perfetto
and chrome://tracing open), where each task is a thread, each wait a slice and each step an
instant, in virtual microseconds.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from html import escape
from typing import Any


@dataclass
class Wait:
    start: float
    end: float
    what: str
    #: The step counters at which it began and ended (a view of the past stops at a step).
    start_step: int = 0
    end_step: int = 0


@dataclass
class Lane:
    task_id: str
    name: str
    created: float
    steps: list[float] = field(default_factory=list)
    waits: list[Wait] = field(default_factory=list)
    done: float | None = None
    outcome: str = ""
    internal: bool = False
    #: The step counter of each entry of ``steps`` (same length, never decreasing).
    step_nos: list[int] = field(default_factory=list)
    #: When it was ready and not yet running (known only from the debugger's pause snapshots:
    #: a plain trace says when a task ran, not when its wait ended).
    readies: list[Wait] = field(default_factory=list)
    #: Steps that held the loop for a while of the clock (a blocking call), not an instant.
    held: list[Wait] = field(default_factory=list)
    created_step: int = 0
    done_step: int | None = None
    #: The wait under way: (since, on what, step).
    _waiting: tuple[float, str, int] | None = None
    #: Ready since (t, step), not yet run.
    _ready: tuple[float, int] | None = None


class Timeline:
    """Collects trace events; ``lanes`` in order of creation.

    ``feed`` costs O(1) per event and only appends, so the debugger keeps one ``Timeline`` for
    the whole run and draws any moment of it (``loopscope.ui.timeline_pane``) without going
    back over the events: every item records the step counter it happened at."""

    def __init__(self) -> None:
        self.lanes: dict[str, Lane] = {}
        self.timer_fired: list[float] = []
        #: The step counter of each ``timer_fired`` entry.
        self.timer_steps: list[int] = []
        #: Spans the debugger did not follow (the program ran freely, ``continue``).
        self.gaps: list[Wait] = []
        self.end = 0.0
        #: The newest step counter seen.
        self.step = 0
        self._gap: tuple[float, int] | None = None
        #: Seconds each task's step under way has blocked the loop so far (``blocked``).
        self._held: dict[str, float] = {}
        #: A ``resumed`` came and no step has been reported since.
        self._resumed = False
        #: Lanes created since the last pause (their snapshot entry says if they are internal).
        self._fresh: set[str] = set()

    def feed(self, event: dict[str, Any]) -> None:
        kind = event["kind"]
        t = float(event.get("t", self.end) or 0.0)
        if isinstance(event.get("step"), int) and kind in ("switch", "callback"):
            # An eager first step runs inside the next handle but carries the steps so far.
            step = event["step"] + (1 if event.get("eager") else 0)
            self.step = max(self.step, step)
            self._resumed = False
        else:
            # Events with no step of their own (task_created, task_done) belong to the step
            # that reported last, or, right after a resume, to the first one to come.
            step = self.step + (1 if self._resumed else 0)
        if kind == "task_created":
            self._lane(event, t, step)
        elif kind == "switch":
            lane = self._lane(event, t, step)
            lane.name = event["task"]
            if event.get("internal"):
                lane.internal = True
            # A step that blocked the loop (``time.sleep`` on the virtual clock) moved the clock
            # while it ran: it began ``held`` seconds before the ``t`` it reports.
            held = self._held.pop(lane.task_id, 0.0)
            began = t - held
            if lane._waiting is not None:
                start, what, since = lane._waiting
                lane.waits.append(Wait(start, began, what, since, step))
                lane._waiting = None
            if lane._ready is not None:
                start, since = lane._ready
                lane.readies.append(Wait(start, max(start, began), "ready", since, step))
                lane._ready = None
            if held > 0:
                lane.held.append(Wait(began, t, "held the loop", step, step))
            lane.steps.append(t)
            lane.step_nos.append(step)
            if event.get("done"):
                lane.done = t
                lane.done_step = step
            else:
                lane._waiting = (t, event.get("awaiting") or "?", step)
        elif kind == "task_done":
            lane = self._lane(event, t, step)
            lane.outcome = event.get("outcome", "")
            if lane.done is None:
                lane.done = t
                lane.done_step = step
        elif kind == "callback" and event.get("what") == "wake sleeper":
            self.timer_fired.append(t)
            self.timer_steps.append(step)
        elif kind == "clock_jumped":
            t = float(event["to"])
        elif kind == "paused":
            t = self._paused(event["snapshot"])
        elif kind == "blocked" and event.get("call") and event.get("task_id"):
            task_id = str(event["task_id"])
            self._held[task_id] = self._held.get(task_id, 0.0) + float(event["seconds"])
        elif kind == "progress":
            t = float(event["snapshot"].get("t") or self.end)
            self._mark_internal(event["snapshot"])
        elif kind == "resumed":
            self._resumed = True
            if event.get("mode") == "continue":
                self._gap = (self.end, self.step + 1)  # after the pause it resumes from
        self.end = max(self.end, t)

    def _paused(self, snapshot: dict[str, Any]) -> float:
        """A pause of the debugger: its snapshot says which tasks are ready now."""
        t = float(snapshot.get("t") or self.end)
        if isinstance(snapshot.get("step"), int):
            self.step = max(self.step, snapshot["step"])
        step = self.step
        self._resumed = False
        if self._gap is not None:
            start, since = self._gap
            self.gaps.append(Wait(start, t, "not followed", since, step))
            self._gap = None
        self._mark_internal(snapshot)
        for entry in snapshot.get("ready") or ():
            lane = self.lanes.get(str(entry.get("task_id")))
            if entry.get("kind") != "task" or lane is None or lane._ready is not None:
                continue
            if lane._waiting is not None:
                start, what, since = lane._waiting
                lane.waits.append(Wait(start, t, what, since, step))
                lane._waiting = None
            lane._ready = (t, step)
        return t

    def _mark_internal(self, snapshot: dict[str, Any]) -> None:
        """Tasks created since the last snapshot: is any of them asyncio's own? (Only then are
        all the tasks looked at, so a pause costs O(ready entries), not O(tasks).)"""
        if not self._fresh:
            return
        for task in snapshot.get("tasks") or ():
            if task.get("internal") and task.get("id") in self._fresh:
                self.lanes[task["id"]].internal = True
        self._fresh.clear()

    def _lane(self, event: dict[str, Any], t: float, step: int) -> Lane:
        lane = self.lanes.get(event["task_id"])
        if lane is None:
            lane = Lane(event["task_id"], event.get("task", event["task_id"]), t,
                        created_step=step)
            self.lanes[event["task_id"]] = lane
            self._fresh.add(event["task_id"])
        return lane

    def finish(self) -> None:
        """Close the waits still open (a deadlock, a program that exited mid-wait)."""
        for lane in self.lanes.values():
            if lane._waiting is not None:
                start, what, since = lane._waiting
                lane.waits.append(Wait(start, self.end, what, since, self.step))
                lane._waiting = None

    def visible_lanes(self) -> list[Lane]:
        return [lane for lane in self.lanes.values() if not lane.internal]

    # -- columns (the debugger's pane) ---------------------------------------------------------

    def shown_lanes(self, upto: int | None = None) -> list[Lane]:
        """The lanes a view of the run up to step ``upto`` (None: all of it) shows."""
        return [lane for lane in self.lanes.values()
                if not lane.internal and (upto is None or lane.created_step <= upto)]

    def lane_columns(self, lane: Lane, view: View) -> list[Cell]:
        """What ``lane`` did in each column of ``view``: O(columns × log(steps of the lane)),
        whatever the length of the run."""
        upto = view.upto
        ran_count = len(lane.steps) if upto is None else bisect_right(lane.step_nos, upto)
        held = _count(lane.held, upto)
        waits, readies, gaps = (_count(lane.waits, upto), _count(lane.readies, upto),
                                _count(self.gaps, upto))
        now = view.now
        open_wait = lane._waiting if lane._waiting and _before(lane._waiting[2], upto) else None
        open_ready = lane._ready if lane._ready and _before(lane._ready[1], upto) else None
        open_gap = self._gap if upto is None else None
        done = lane.done if lane.done_step is not None and _before(lane.done_step, upto) else None
        end = done if done is not None else now
        cells: list[Cell] = []
        for column in range(view.columns):
            a, b = view.span_of(column)
            if b <= lane.created or a > end:
                cells.append(NOTHING)
                continue
            i = bisect_left(lane.steps, a, 0, ran_count)
            if _covering(lane.held, held, a, b, view) is not None:
                cells.append(HELD)
                continue
            if i < ran_count and lane.steps[i] < b:
                cells.append(RAN)
                continue
            # Unfollowed beats what was under way when the program was let run: it may have
            # ended there, unseen.
            if (_covering(self.gaps, gaps, a, b, view) is not None
                    or (open_gap is not None and open_gap[0] < b)):
                cells.append(UNFOLLOWED)
                continue
            if (_covering(lane.readies, readies, a, b, view) is not None
                    or (open_ready is not None and open_ready[0] < b and now >= a)):
                cells.append(READY)
                continue
            found = _covering(lane.waits, waits, a, b, view)
            if found is not None:
                cells.append(Cell("wait", found.what, id(found)))
            elif open_wait is not None and open_wait[0] < b and now >= a:
                cells.append(Cell("wait", open_wait[1], id(lane)))
            else:
                cells.append(ALIVE)
        return cells

    def fired_columns(self, view: View) -> list[bool]:
        """Columns in which a timer fired."""
        count = (len(self.timer_fired) if view.upto is None
                 else bisect_right(self.timer_steps, view.upto))
        out = []
        for column in range(view.columns):
            a, b = view.span_of(column)
            i = bisect_left(self.timer_fired, a, 0, count)
            out.append(i < count and self.timer_fired[i] < b)
        return out

    # -- SVG ----------------------------------------------------------------------------------

    def svg(self, title: str = "") -> str:
        self.finish()
        lanes = self.visible_lanes()
        label_w, plot_w, lane_h, top = 150, 900, 34, 50
        total = self.end if self.end > 0 else 1.0
        height = top + lane_h * len(lanes) + 50
        width = label_w + plot_w + 30

        def x(t: float) -> float:
            return label_w + plot_w * (t / total)

        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="monospace" font-size="12">',
            '<rect width="100%" height="100%" fill="#fdfdfd"/>',
            f'<text x="10" y="20" font-size="14" font-weight="bold">'
            f'{escape(title)} total {_fmt(self.end)} s (virtual)</text>',
        ]
        step = _tick_step(total)
        ticks = int(math.floor(total / step + 1e-9))
        axis_y = top + lane_h * len(lanes) + 10
        for i in range(ticks + 1):
            tx = x(i * step)
            out.append(f'<line x1="{tx:.1f}" y1="{top - 8}" x2="{tx:.1f}" y2="{axis_y}" '
                       'stroke="#ddd"/>')
            out.append(f'<text x="{tx:.1f}" y="{axis_y + 15}" text-anchor="middle">'
                       f'{_fmt(i * step)}</text>')
        for fired in self.timer_fired:
            out.append(f'<path d="M{x(fired):.1f},{top - 12} l-4,-7 h8 z" fill="#c60">'
                       f'<title>timer fired at t={_fmt(fired)}</title></path>')
        for index, lane in enumerate(lanes):
            y = top + index * lane_h
            out.append(f'<text x="10" y="{y + 21}">{escape(lane.name[:18])}</text>')
            end = lane.done if lane.done is not None else self.end
            out.append(f'<line x1="{x(lane.created):.1f}" y1="{y + 17}" x2="{x(end):.1f}" '
                       f'y2="{y + 17}" stroke="#bbb"/>')
            for wait in lane.waits:
                x0, x1 = x(wait.start), x(wait.end)
                out.append(
                    f'<rect x="{x0:.1f}" y="{y + 8}" width="{max(x1 - x0, 1):.1f}" height="18" '
                    f'rx="3" fill="#9cc3e6" stroke="#4a7fb0"><title>{escape(lane.name)} waits '
                    f'for {escape(wait.what)} from t={_fmt(wait.start)} to t={_fmt(wait.end)} '
                    f'({_fmt(wait.end - wait.start)} s)</title></rect>')
                if x1 - x0 > 60:
                    out.append(f'<text x="{x0 + 4:.1f}" y="{y + 21}" font-size="11">'
                               f'{escape(_clip(wait.what, int((x1 - x0) / 7)))}</text>')
            for t in lane.steps:
                out.append(f'<rect x="{x(t) - 1.5:.1f}" y="{y + 5}" width="3" height="24" '
                           f'fill="#d33"><title>{escape(lane.name)} ran at t={_fmt(t)}'
                           '</title></rect>')
        out.append("</svg>")
        return "\n".join(out) + "\n"

    # -- Chrome trace -------------------------------------------------------------------------

    def chrome_trace(self) -> dict[str, Any]:
        self.finish()
        events: list[dict[str, Any]] = [
            {"ph": "M", "pid": 1, "name": "process_name", "args": {"name": "asyncio loop"}}]
        for serial, lane in enumerate(self.visible_lanes(), start=1):
            events.append({"ph": "M", "pid": 1, "tid": serial, "name": "thread_name",
                           "args": {"name": lane.name}})
            events.append({"ph": "M", "pid": 1, "tid": serial, "name": "thread_sort_index",
                           "args": {"sort_index": serial}})
            for wait in lane.waits:
                events.append({"ph": "X", "pid": 1, "tid": serial, "name": wait.what,
                               "cat": "wait", "ts": _us(wait.start),
                               "dur": _us(wait.end) - _us(wait.start)})
            for t in lane.steps:
                events.append({"ph": "i", "s": "t", "pid": 1, "tid": serial, "name": "step",
                               "cat": "step", "ts": _us(t)})
        for fired in self.timer_fired:
            events.append({"ph": "i", "s": "p", "pid": 1, "tid": 0, "name": "timer fired",
                           "ts": _us(fired)})
        return {"traceEvents": events, "displayTimeUnit": "ms",
                "otherData": {"clock": "virtual seconds as microseconds"}}

    def chrome_json(self) -> str:
        return json.dumps(self.chrome_trace(), indent=None)


@dataclass(frozen=True, slots=True)
class Cell:
    """What a lane shows in one column: ``ran``, ``held`` (the loop, in a blocking call),
    ``ready``, ``wait`` (on ``what``; ``key``
    tells two waits apart), ``unfollowed``, ``alive`` (no news), ``none`` (not alive)."""

    state: str
    what: str = ""
    key: int = 0


NOTHING, RAN, HELD, READY = Cell("none"), Cell("ran"), Cell("held"), Cell("ready")
UNFOLLOWED, ALIVE = Cell("unfollowed"), Cell("alive")


@dataclass(frozen=True, slots=True)
class View:
    """A moment of the run drawn over ``columns`` columns: everything up to step ``upto``
    (None: all), ``now`` its time, time from 0 to ``span`` (so walking back in history keeps
    the scale and only moves the marker)."""

    columns: int
    span: float
    now: float
    upto: int | None = None

    @property
    def per_column(self) -> float:
        return self.span / (self.columns - 1) if self.columns > 1 and self.span > 0 else 0.0

    def column_of(self, t: float) -> int:
        """The column of instant ``t``: 0 for t=0, the last one for t=span."""
        per = self.per_column
        if per <= 0:
            return 0
        return max(0, min(self.columns - 1, int(math.floor(t / per + 0.5))))

    def span_of(self, column: int) -> tuple[float, float]:
        """The instants ``[a, b)`` column ``column`` stands for (its centre is on the grid)."""
        per = self.per_column
        if per <= 0:  # everything happened at t=0 so far: one column holds it all
            return (-math.inf, math.inf) if column == 0 else (math.inf, math.inf)
        return (column - 0.5) * per, (column + 0.5) * per


def _before(step: int, upto: int | None) -> bool:
    return upto is None or step <= upto


def _count(items: list[Wait], upto: int | None) -> int:
    """How many of ``items`` (ordered by ``start_step``) had begun by step ``upto``."""
    if upto is None:
        return len(items)
    return bisect_right(items, upto, key=lambda w: w.start_step)


def _covering(items: list[Wait], count: int, a: float, b: float, view: View) -> Wait | None:
    """The one of ``items[:count]`` (disjoint, ordered by start) overlapping ``[a, b)`` at the
    moment ``view`` shows (an item that ended after that moment was still under way)."""
    i = bisect_left(items, b, 0, count, key=lambda w: w.start) - 1
    if i < 0:
        return None
    item = items[i]
    end = item.end if _before(item.end_step, view.upto) else view.now
    return item if end >= a else None


def _us(t: float) -> int:
    return int(round(t * 1_000_000))


def _fmt(t: float) -> str:
    return f"{t:.6g}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def _tick_step(total: float) -> float:
    """A round axis step giving about ten ticks."""
    raw = total / 10
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)
