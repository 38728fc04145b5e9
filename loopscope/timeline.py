"""The whole run as a picture: one lane per task over virtual time.

Built from the tracer's event stream alone (``switch``, ``task_created``, ``task_done``,
``callback``, ``clock_jumped``), so a recording draws the same picture as a live run. A task's
lane shows each step it ran (a tick at that instant of virtual time: steps take no virtual time)
and, between two steps, what it waited on (a bar labelled ``sleep(15)``, ``Queue.get()``, ...).
Timer firings are marked on the axis.

Two outputs: a self-contained SVG (``--timeline run.svg``) to put on a slide, and a Chrome trace
(``--chrome-trace run.json``, the Trace Event Format that Perfetto and chrome://tracing open),
where each task is a thread, each wait a slice and each step an instant, in virtual microseconds.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from html import escape
from typing import Any


@dataclass
class Wait:
    start: float
    end: float
    what: str


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
    _waiting: tuple[float, str] | None = None


class Timeline:
    """Collects trace events; ``lanes`` in order of creation."""

    def __init__(self) -> None:
        self.lanes: dict[str, Lane] = {}
        self.timer_fired: list[float] = []
        self.end = 0.0

    def feed(self, event: dict[str, Any]) -> None:
        kind = event["kind"]
        t = float(event.get("t", self.end) or 0.0)
        if kind == "task_created":
            self._lane(event, t)
        elif kind == "switch":
            lane = self._lane(event, t)
            lane.name = event["task"]
            if event.get("internal"):
                lane.internal = True
            if lane._waiting is not None:
                start, what = lane._waiting
                lane.waits.append(Wait(start, t, what))
                lane._waiting = None
            lane.steps.append(t)
            if event.get("done"):
                lane.done = t
            else:
                lane._waiting = (t, event.get("awaiting") or "?")
        elif kind == "task_done":
            lane = self._lane(event, t)
            lane.outcome = event.get("outcome", "")
            if lane.done is None:
                lane.done = t
        elif kind == "callback" and event.get("what") == "wake sleeper":
            self.timer_fired.append(t)
        elif kind == "clock_jumped":
            t = float(event["to"])
        self.end = max(self.end, t)

    def _lane(self, event: dict[str, Any], t: float) -> Lane:
        lane = self.lanes.get(event["task_id"])
        if lane is None:
            lane = Lane(event["task_id"], event.get("task", event["task_id"]), t)
            self.lanes[event["task_id"]] = lane
        return lane

    def finish(self) -> None:
        """Close the waits still open (a deadlock, a program that exited mid-wait)."""
        for lane in self.lanes.values():
            if lane._waiting is not None:
                start, what = lane._waiting
                lane.waits.append(Wait(start, self.end, what))
                lane._waiting = None

    def visible_lanes(self) -> list[Lane]:
        return [lane for lane in self.lanes.values() if not lane.internal]

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
