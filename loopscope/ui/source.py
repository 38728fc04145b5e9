"""The Source pane: one file, highlighted, with a mark on every line a task is suspended at.

It shows the file of the task it follows (the one about to run, or the one the user picked),
centred on that task's line, and draws in a gutter: ``●`` a breakpoint, ``▶`` the task about to
run, ``◆`` other suspended tasks, ``✗`` the line an exception came from, ``!`` the line the loop
is blocked at; the names of the tasks at a line follow its code. A cursor line (up/down) says
where ``b`` toggles a breakpoint; every new snapshot puts it back on the followed line.

Like the list panes it is a Line-API widget: a file is read and highlighted once (``FileCache``,
Rich's pygments highlighter with a lexer that is quick to build, ``highlight``; no tree-sitter
needed) and only the visible lines are drawn.
"""

from __future__ import annotations

import os
import tokenize
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .highlight import highlight
from .rows import scroll_exactly, set_border_title, set_virtual_height
from .view import SourceMarks

GUTTER_STYLES = {
    "▶": "bold magenta",
    "◆": "yellow",
    "✗": "bold red",
    "!": "bold yellow",
}


class FileCache:
    """Files read and highlighted once, re-read when they change on disk."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[float, list[Text]]] = {}

    def lines(self, path: str) -> list[Text] | None:
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            return None
        cached = self._files.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        try:
            with tokenize.open(path) as handle:
                code = handle.read()
        except (OSError, SyntaxError, UnicodeDecodeError):
            return None
        lines = highlight(code)
        self._files[path] = (mtime, lines)
        return lines


class SourceView(ScrollView, can_focus=True):
    """A read-only, highlighted view of one file with a gutter of marks."""

    ALLOW_MAXIMIZE = True
    inherit_bindings = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(1)", "First line", show=False),
        Binding("end", "cursor_to(-1)", "Last line", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"source--cursor", "source--gutter"}

    DEFAULT_CSS = """
    SourceView {
        overflow-x: hidden;
        scrollbar-visibility: hidden;
        scrollbar-size-vertical: 0;
    }
    SourceView > .source--cursor {
        background: $boost;
    }
    SourceView:focus > .source--cursor {
        background: $accent 25%;
    }
    SourceView > .source--gutter {
        color: $text-muted;
    }
    """

    cursor_line: reactive[int] = reactive(1, init=False)
    """The line (1-based) ``b`` toggles a breakpoint on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.files = FileCache()
        #: The file name as the snapshot spells it, and its absolute path.
        self.file: str | None = None
        self.path: str | None = None
        self.lines: list[Text] = []
        self.marks = SourceMarks()
        self.placeholder = "(no source yet)"
        #: The title without the cursor position.
        self.base_title = "Source"
        #: Drawn lines, keyed by everything that shows in them (most lines repeat step to step).
        self._strips: dict[tuple[object, ...], Strip] = {}

    def show(self, file: str | None, path: str | None, line: int | None,
             marks: SourceMarks, placeholder: str = "") -> None:
        """Show ``path`` centred on ``line`` with ``marks``; the cursor goes to ``line``."""
        top, before = int(self.scroll_y), self._visible_keys()
        self.file, self.path, self.marks = file, path, marks
        lines = self.files.lines(path) if path else None
        self.lines = lines or []
        if lines is None:
            self.placeholder = placeholder or (f"(source not available: {os.path.basename(path)})"
                                               if path else "(no source)")
        set_virtual_height(self, max(1, len(self.lines)))
        self.set_reactive(SourceView.cursor_line, max(1, min(line or 1, len(self.lines) or 1)))
        self._center(self.cursor_line)
        self._show_position()
        after = self._visible_keys()
        if int(self.scroll_y) != top or len(after) != len(before):
            self.refresh()
            return
        # A step usually moves a mark or two: repaint only the lines that look different.
        for y, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                self.refresh_line(top + y)

    def set_marks(self, marks: SourceMarks) -> None:
        self.marks = marks
        self.refresh()

    def _center(self, line: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        top = max(0, min(line - 1 - height // 2, max(0, len(self.lines) - height)))
        scroll_exactly(self, top)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self) -> None:
        self._strips.clear()
        set_virtual_height(self, max(1, len(self.lines)))
        self._center(self.cursor_line)

    # -- the cursor -----------------------------------------------------------------------

    def _move_to(self, line: int) -> None:
        if not self.lines:
            return
        self.cursor_line = max(1, min(line, len(self.lines)))
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        row = self.cursor_line - 1
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor_line + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor_line + direction * max(1, self.scrollable_content_region.height))

    def action_cursor_to(self, line: int) -> None:
        self._move_to(line if line > 0 else len(self.lines))

    def on_click(self, event: Click) -> None:
        self._move_to(int(self.scroll_y) + event.y + 1)

    def watch_cursor_line(self) -> None:
        self.refresh()
        self._show_position()

    def set_title(self, title: str) -> None:
        self.base_title = title
        self._show_position()

    def _show_position(self) -> None:
        where = f" · line {self.cursor_line}/{len(self.lines)}" if self.lines else ""
        set_border_title(self, self.base_title + where)

    # -- drawing --------------------------------------------------------------------------

    def _line_key(self, row: int, width: int) -> tuple[object, ...]:
        """Everything that shows in row ``row``: equal keys draw equal lines."""
        if not self.lines or row >= len(self.lines):
            return (None, row, width, self.placeholder if not self.lines and row == 0 else "")
        number = row + 1
        marks = self.marks
        mark = marks.tasks.get(number)
        return (self.path, number, width, number == self.cursor_line,
                number in marks.breakpoints, marks.special.get(number),
                mark.key() if mark is not None else None)

    def _visible_keys(self) -> list[tuple[object, ...]]:
        top, width = int(self.scroll_y), self.scrollable_content_region.width
        return [self._line_key(row, width)
                for row in range(top, top + self.scrollable_content_region.height)]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = int(self.scroll_y) + y
        if not self.lines:
            if y == 0:
                return _strip(Text(self.placeholder, "dim"), width, base, self)
            return Strip.blank(width, base)
        if row >= len(self.lines):
            return Strip.blank(width, base)
        number = row + 1
        marks = self.marks
        mark = marks.tasks.get(number)
        breakpoint = number in marks.breakpoints
        special = marks.special.get(number)
        cursor = number == self.cursor_line
        key = self._line_key(row, width)
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        digits = len(str(len(self.lines)))
        text = Text()
        text.append("●" if breakpoint else " ", "bold red")
        symbol = special or ("▶" if mark is not None and mark.has_next
                             else "◆" if mark is not None else " ")
        text.append(symbol, GUTTER_STYLES.get(symbol, ""))
        gutter = self.get_component_rich_style("source--gutter")
        text.append(f"{number:>{digits}} │ ", gutter)
        text.append_text(self.lines[row])
        if mark is not None:
            label = ", ".join(mark.names)
            if mark.count > len(mark.names):
                label += f" +{mark.count - len(mark.names)}"
            text.append(f"  ◀ {label}", "italic magenta" if symbol == "▶" else "italic yellow")
        style = base
        if cursor:
            style = base + self.get_component_rich_style("source--cursor")
        strip = _strip(text, width, style, self)
        if len(self._strips) > 4096:
            self._strips.clear()
        self._strips[key] = strip
        return strip


def _strip(text: Text, width: int, style: Style, widget: ScrollView) -> Strip:
    text.no_wrap = True
    text.truncate(width, overflow="ellipsis")
    segments = [Segment(seg.text, style + seg.style if seg.style else style)
                for seg in text.render(widget.app.console) if seg.text != "\n"]
    return Strip(segments).extend_cell_length(width, style).crop(0, width)


__all__ = ["SourceView", "SourceMarks", "FileCache"]
