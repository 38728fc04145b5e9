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
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


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
        scrollbar-size-vertical: 1;
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
        #: Text shown dimmed when there are no rows.
        self.empty_lines: list[Text] = []
        self._wrap_key: tuple[int, int] | None = None
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
        self.rows = rows
        self.empty_lines = empty or []
        self.virtual_size = Size(self.size.width, self._row_count())
        index = self.index_of(cursor_key) if cursor_key is not None else None
        if index is None:
            index = min(max(self.cursor, 0), len(rows) - 1) if rows else -1
        self.set_reactive(RowList.cursor, index)
        self._center(index)
        self.refresh()

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
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
            return
        top = max(0, min(index - height // 2, max(0, len(self.rows) - height)))
        self.scroll_to(y=top, animate=False, immediate=True, force=True)

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

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self._row_count())
        self._center(self.cursor)

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.rows:
            wrapped = self._wrapped_empty(width)
            if 0 <= index < len(wrapped):
                text = wrapped[index].copy()
                text.stylize(self.get_component_rich_style("rowlist--dim"))
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        text = self.render_row(self.rows[index], index, width)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("rowlist--cursor")
        return self._strip(text, width, style)

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
