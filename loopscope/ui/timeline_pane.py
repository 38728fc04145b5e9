"""The timeline pane (``v``): one lane per task over time, up to the step on screen.

The model is ``loopscope.timeline.Timeline``, the same one that draws ``loopscope trace
--timeline run.svg``; the app feeds it every event as it arrives (O(1) each) and this pane only
draws it. A lane is one line of text: the task's name, then one character per column of time,
the columns spread evenly from t=0 to the newest time seen, so a wait of 15 s is three times as
long as one of 5 s. Each column says what the task did in that slice of time (``┃`` ran, ``█``
held the loop in a blocking call, a wait bar labelled with what it awaited, ``░`` ready, ``┄``
not followed), computed by bisection in
the lane's lists, so drawing costs the same at step 10 and at step 100,000.

The pane follows the screen: walking back in history draws the run as it was at that step
(items recorded later are left out, waits then under way run up to that moment) on the same
scale, with the marker ``▲`` under that moment, so the past is the live picture cut short.
Only the lanes on screen are drawn (``render_line``).
"""

from __future__ import annotations

import math
from typing import ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..timeline import Cell, Lane, Timeline, View, _tick_step
from .rows import set_border_title, set_virtual_height
from .rows import span as rows_span

#: Characters of the task names' column (names are cut to fit).
NAME_MAX = 14
#: Rows above the lanes (timer firings) and below them (axis, marker, legend).
ABOVE, BELOW = 1, 3

_STYLES = {
    "ran": "bold red",
    "held": "bold red",
    "ready": "yellow",
    "wait": "cyan",
    "unfollowed": "dim",
    "alive": "dim",
    "none": "",
}
_GLYPHS = {"ran": "┃", "held": "█", "ready": "░", "wait": "─", "unfollowed": "┄", "alive": "·", "none": " "}

LEGEND = ("┃ ran  █ held the loop  ─ waits (on what)  ░ ready  ┄ not followed (ran freely)  "
          "▼ timer fired  ▲ now")


class TimelinePane(ScrollView, can_focus=True):
    """Lanes of the tasks over time, with a marker at the step on screen."""

    ALLOW_MAXIMIZE = True
    # No left/right here: those keys walk the history, app-wide.
    inherit_bindings = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "First", show=False),
        Binding("end", "scroll_end", "Last", show=False),
    ]

    DEFAULT_CSS = """
    TimelinePane {
        overflow-x: hidden;
        scrollbar-visibility: hidden;
        scrollbar-size-vertical: 0;
        border: none;
        border-top: solid $primary-darken-1;
        border-title-color: $text;
        border-title-style: bold;
    }
    TimelinePane:focus {
        border-top: solid $accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline = Timeline()
        #: The step the screen shows (None: the newest), and its time.
        self.upto: int | None = None
        self.now = 0.0
        self.lanes: list[Lane] = []
        #: The names' column width for these lanes (computed once per ``show``).
        self._name_width = 7
        self._title = "Timeline"

    def show(self, timeline: Timeline, upto: int | None, now: float | None) -> None:
        """Draw ``timeline`` up to step ``upto`` (None: all of it), marker at ``now``."""
        self.timeline, self.upto = timeline, upto
        self.now = timeline.end if now is None else float(now)
        self.lanes = timeline.shown_lanes(upto)
        names = max((len(lane.name) for lane in self.lanes), default=4)
        self._name_width = min(NAME_MAX, max(6, names)) + 1
        set_virtual_height(self, ABOVE + len(self.lanes) + BELOW)
        span = max(timeline.end, self.now)
        where = "" if upto is None else f" · as at step {upto}"
        self._title = f"Timeline · t=0–{_fmt(span)} s{where}"
        self._show_span()
        self.refresh()

    def on_resize(self) -> None:
        set_virtual_height(self, ABOVE + len(self.lanes) + BELOW)
        self._show_span()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._show_span()

    def _show_span(self) -> None:
        """The title, with the rows on screen when not every lane fits (no scrollbars)."""
        height = self.scrollable_content_region.height or self.size.height
        set_border_title(self, self._title + rows_span(int(self.scroll_y), height,
                                                       ABOVE + len(self.lanes) + BELOW))

    # -- drawing --------------------------------------------------------------------------

    def _layout(self, width: int) -> tuple[int, View]:
        name_width = self._name_width
        columns = max(2, width - name_width - 1)
        span = max(self.timeline.end, self.now)
        return name_width, View(columns, span, self.now, self.upto)

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(width, base)
        name_width, view = self._layout(width)
        lanes = len(self.lanes)
        if row < ABOVE:
            text = self._timers_row(name_width, view)
        elif row < ABOVE + lanes:
            text = self.lane_text(self.lanes[row - ABOVE], name_width, view)
        elif row == ABOVE + lanes:
            text = self._axis_row(name_width, view)
        elif row == ABOVE + lanes + 1:
            text = self._marker_row(name_width, view)
        elif row == ABOVE + lanes + 2:
            text = Text(LEGEND, "dim")
        else:
            return Strip.blank(width, base)
        return _strip(text, width, base, self.app.console)

    def lane_text(self, lane: Lane, name_width: int, view: View) -> Text:
        """One lane as text: its name, then a character per column."""
        name = lane.name if len(lane.name) < name_width else lane.name[: name_width - 2] + "…"
        text = Text(f"{name:<{name_width}} ", "bold")
        cells = self.timeline.lane_columns(lane, view)
        marker = view.column_of(self.now)
        column = 0
        while column < len(cells):
            cell = cells[column]
            if cell.state != "wait":
                style = _STYLES[cell.state]
                text.append(_GLYPHS[cell.state],
                            f"{style} reverse" if column == marker else style)
                column += 1
                continue
            run = _run_of(cells, column)
            bar = _bar(cell.what, run)
            for offset, char in enumerate(bar):
                here = column + offset
                style = "cyan" if char != "─" else "blue"
                text.append(char, f"{style} reverse" if here == marker else style)
            column += run
        return text

    def _timers_row(self, name_width: int, view: View) -> Text:
        text = Text(f"{'timers':<{name_width}} ", "dim")
        for fired in self.timeline.fired_columns(view):
            text.append("▼", "bold yellow") if fired else text.append(" ")
        return text

    def _axis_row(self, name_width: int, view: View) -> Text:
        """Tick labels under their columns, at a round step giving about ten ticks."""
        chars = [" "] * view.columns
        if view.span > 0:
            step = _tick_step(view.span)
            for i in range(int(math.floor(view.span / step + 1e-9)) + 1):
                label = _fmt(i * step)
                at = view.column_of(i * step)
                at = min(at, view.columns - len(label))
                if at >= 0 and all(c == " " for c in chars[max(0, at - 1): at + len(label)]):
                    chars[at: at + len(label)] = label
        else:
            chars[0] = "0"
        return Text(f"{'t (s)':<{name_width}} " + "".join(chars), "dim")

    def _marker_row(self, name_width: int, view: View) -> Text:
        at = view.column_of(self.now)
        label = f"▲ t={_fmt(self.now)}"
        if self.upto is not None:
            label += f" · step {self.upto}"
        if at + len(label) > view.columns:
            label = f"t={_fmt(self.now)} ▲" if self.upto is None else label.replace(
                "▲ ", "") + " ▲"
            at = max(0, at - len(label) + 1)
        text = Text(" " * (name_width + 1 + at))
        text.append(label, "bold magenta")
        return text


def _run_of(cells: list[Cell], start: int) -> int:
    """How many columns from ``start`` show the same wait."""
    key = cells[start].key
    end = start
    while end < len(cells) and cells[end].state == "wait" and cells[end].key == key:
        end += 1
    return end - start


def _bar(what: str, width: int) -> str:
    """A wait of ``width`` columns: its label (``sleep(15)``), then ``─`` to its end."""
    label = what.split(" until ", 1)[0]
    if width < 4:
        return "─" * width
    if len(label) > width:
        label = label[: width - 1] + "…"
    return label + "─" * (width - len(label))


def _fmt(t: float) -> str:
    return f"{t:.6g}"


def _strip(text: Text, width: int, style: Style, console: Console) -> Strip:
    text.no_wrap = True
    text.truncate(width, overflow="crop", pad=False)
    segments = [Segment(seg.text, style + seg.style if seg.style else style)
                for seg in text.render(console) if seg.text != "\n"]
    return Strip(segments).extend_cell_length(width, style).crop(0, width)


__all__ = ["TimelinePane", "LEGEND"]
