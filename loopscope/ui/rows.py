"""``RowList``: a list pane that draws only the rows on screen.

The Tasks, Ready queue and Timers panes can hold 10,000 rows, and every step replaces them all.
A widget per row (or the stock ``DataTable``, which lays out every row) makes a step cost
hundreds of milliseconds at that size; this Line-API widget costs a list assignment per step
and renders only the visible rows (``render_line``), so a step stays within the budget of
issue 6 whatever the number of tasks.

Subclasses say how one row looks (``render_row``) and, when the rows are keyed, which key a
row has (``row_key``), so that the cursor can be put on a row by key. Only moves made with
the keyboard or the mouse post ``CursorMoved``; moves made by the app (following the task
about to run) do not, so the app can tell "the user picked this" from "the app showed this".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget


def scroll_exactly(widget: ScrollView, y: int) -> None:
    """Scroll ``widget`` to row ``y`` now, even before its first layout (``force``).

    The panes draw no scrollbars: a scrollbar's thumb keeps state of its own (it is moved only
    while shown), so the same view could look different depending on how it was reached, which
    history must never allow. Each pane says where it is in its title instead (``span``)."""
    widget.scroll_to(y=y, animate=False, immediate=True, force=True)


def set_virtual_height(widget: ScrollView, rows: int) -> None:
    """Give ``widget`` ``rows`` rows to scroll through, without laying the screen out again.

    ``virtual_size`` is a reactive with ``layout=True``: assigning it reflows the whole screen
    (15-30 ms here, the larger part of a step's paint). The panes draw no scrollbars, so the
    scrollable size of a pane whose height the layout fixes changes nothing outside it. The caller repaints what changed (the rows
    that differ, or all of them); a change of scroll position repaints the pane by itself."""
    size = Size(widget.size.width, rows)
    if size == widget.virtual_size:
        return
    height = widget.styles.height
    if height is None or height.is_auto:
        widget.virtual_size = size  # its own height follows its rows: that is a layout
        return
    widget.set_reactive(Widget.virtual_size, size)
    widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)


def set_border_title(widget: Widget, title: str) -> None:
    """``widget.border_title = title``, repainting only the border's top row, and only if the
    title changed.

    The ``border_title`` setter repaints the whole widget, and a pane's title changes at most
    steps (its count, its scroll position): with a container (the Tasks pane) that is every
    line of every child. The title is stored as the setter stores it (``_border_title``) and
    the one row it is drawn on is marked dirty (regions are relative to the content, so the
    border's row is at ``-top``)."""
    if widget.border_title == title:
        return
    if not widget.is_mounted or not hasattr(widget, "_border_title"):
        widget.border_title = title
        return
    widget._border_title = widget.render_str(title).expand_tabs(4).split()[0]
    left, top = widget.content_offset
    widget.refresh(Region(-left, -top, widget.outer_size.width, 1))


def span(top: int, height: int, total: int) -> str:
    """`` · 11-20/300`` when ``total`` rows do not fit in ``height``, else nothing."""
    if total <= height or height <= 0:
        return ""
    return f" · {top + 1}-{min(total, top + height)}/{total}"


class RowList(ScrollView, can_focus=True):
    """A scrolling list of rows with a cursor; rows are drawn on demand."""

    # No left/right here: those keys walk the history, app-wide.
    inherit_bindings = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowlist--cursor", "rowlist--dim"}

    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
        scrollbar-visibility: hidden;
        scrollbar-size-vertical: 0;
    }
    RowList > .rowlist--cursor {
        background: $boost;
    }
    RowList:focus > .rowlist--cursor {
        background: $accent 30%;
    }
    RowList > .rowlist--dim {
        color: $text-muted;
    }
    """

    cursor: reactive[int] = reactive(0, layout=False, init=False)
    """Index of the row under the cursor (``-1`` when there are no rows)."""

    class CursorMoved(Message):
        """The user moved the cursor to another row."""

        def __init__(self, rows: RowList, index: int) -> None:
            super().__init__()
            self.rows = rows
            self.index = index

        @property
        def control(self) -> RowList:
            return self.rows

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: Sequence[Any] = ()
        #: The title without the scroll position (``set_title``).
        self.base_title = ""
        #: Text shown dimmed when there are no rows.
        self.empty_lines: list[Text] = []
        self._wrap_key: tuple[int, int] | None = None
        self._strips: dict[tuple[int, int, bool, int], tuple[Any, Strip]] = {}
        self._base_style: Style | None = None
        self._wrap_cache: list[Text] = []

    # -- data -----------------------------------------------------------------------------

    def row_key(self, row: Any) -> Any:
        """The key of a row (used to keep the cursor on the same thing)."""
        return None

    def render_row(self, row: Any, index: int, width: int) -> Text:
        """One row as text; subclasses decide."""
        return Text(str(row))

    def set_rows(self, rows: Sequence[Any], *, cursor_key: Any = None,
                 empty: list[Text] | None = None) -> None:
        """Replace every row; the cursor goes to the row with ``cursor_key`` (if any)."""
        old_rows, old_cursor, old_top = self.rows, self.cursor, self.scroll_offset.y
        self.rows = rows
        self.empty_lines = empty or []
        set_virtual_height(self, self._row_count())
        index = self.index_of(cursor_key) if cursor_key is not None else None
        if index is None:
            index = min(max(self.cursor, 0), len(rows) - 1) if rows else -1
        self.set_reactive(RowList.cursor, index)
        self._center(index)
        self._refresh_changed(old_rows, old_cursor, old_top)

    def _refresh_changed(self, old_rows: Sequence[Any], old_cursor: int, old_top: int) -> None:
        """Repaint only the visible rows that changed: with rows shared between snapshots
        (``history.share``), a step usually changes two or three of them."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        rows, cursor = self.rows, self.cursor
        # The same list, changed in place, cannot be compared with what it was: draw it all.
        if top != old_top or not rows or not old_rows or height <= 0 or rows is old_rows:
            self.refresh()
            return
        for index in range(top, top + height):
            before = old_rows[index] if index < len(old_rows) else None
            after = rows[index] if index < len(rows) else None
            if before is not after or (index == old_cursor) != (index == cursor):
                self.refresh_line(index)

    def _row_count(self) -> int:
        if self.rows:
            return len(self.rows)
        width = self.scrollable_content_region.width or self.size.width
        return len(self._wrapped_empty(width)) if width > 0 else len(self.empty_lines)

    def index_of(self, key: Any) -> int | None:
        for index, row in enumerate(self.rows):
            if self.row_key(row) == key:
                return index
        return None

    @property
    def current(self) -> Any:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def _center(self, index: int) -> None:
        """Scroll so that row ``index`` is centred (a pure function of index and height)."""
        height = self.scrollable_content_region.height or self.size.height
        if index < 0 or height <= 0:
            scroll_exactly(self, 0)
            return
        top = max(0, min(index - height // 2, max(0, len(self.rows) - height)))
        scroll_exactly(self, top)

    # -- moving ---------------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        if index == self.cursor:
            return
        self.cursor = index
        self.scroll_to_region_of(index)
        self.post_message(self.CursorMoved(self, index))

    def scroll_to_region_of(self, index: int) -> None:
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.scrollable_content_region.height))

    def action_cursor_to(self, index: int) -> None:
        self._move_to(index if index >= 0 else len(self.rows) - 1)

    def on_click(self, event: Click) -> None:
        row = int(self.scroll_y) + event.y
        if 0 <= row < len(self.rows):
            self._move_to(row)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()

    def set_title(self, title: str) -> None:
        self.base_title = title
        self._show_span()

    def _show_span(self) -> None:
        height = self.scrollable_content_region.height or self.size.height
        total = len(self.rows)
        set_border_title(self, self.base_title + span(int(self.scroll_y), height, total))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._show_span()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def invalidate(self) -> None:
        """Forget drawn rows (when something outside the rows changes their look)."""
        self._strips.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._strips.clear()
        set_virtual_height(self, self._row_count())
        self._center(self.cursor)

    # -- drawing --------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style walks its ancestors: look it up once a paint, not once a row.
        self._base_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base_style or self.rich_style
        if not self.rows:
            wrapped = self._wrapped_empty(width)
            if 0 <= index < len(wrapped):
                text = wrapped[index].copy()
                text.stylize(self.get_component_rich_style("rowlist--dim"))
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        cursor = index == self.cursor
        # Rows are shared between snapshots when unchanged (history.share): an identity hit
        # means the same drawing, so a step redraws only the rows that changed.
        key = (id(row), index, cursor, width)
        cached = self._strips.get(key)
        if cached is not None and cached[0] is row:
            return cached[1]
        text = self.render_row(row, index, width)
        style = base
        if cursor:
            style = base + self.get_component_rich_style("rowlist--cursor")
        strip = self._strip(text, width, style)
        if len(self._strips) > 4096:
            self._strips.clear()
        self._strips[key] = (row, strip)
        return strip

    def _wrapped_empty(self, width: int) -> list[Text]:
        """The empty-list text, word-wrapped to ``width`` (it explains, so it must be read)."""
        key = (id(self.empty_lines), width)
        if self._wrap_key != key:
            lines: list[Text] = []
            for text in self.empty_lines:
                lines.extend(text.wrap(self.app.console, max(1, width)))
            self._wrap_key, self._wrap_cache = key, lines
        return self._wrap_cache

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.no_wrap = True
        text.overflow = "ellipsis"
        text.truncate(width, overflow="ellipsis", pad=False)
        segments = [Segment(seg.text, style + seg.style if seg.style else style)
                    for seg in text.render(self.app.console) if seg.text != "\n"]
        return Strip(segments).extend_cell_length(width, style).crop(0, width)


__all__ = ["RowList"]
