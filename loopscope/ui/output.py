"""The Output pane: what the program printed, stdout and stderr told apart, in order.

Lines come from ``state.OutputLines`` (bounded, each with its stream); the pane shows them as
they were at the step on screen, so walking back through history also walks back the output.
A gutter glyph tells the streams apart even without colour: ``│`` stdout, ``┃`` stderr (red),
``›`` a line the user typed on the program's stdin, ``»`` a notice of loopscope's own.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .rows import scroll_exactly, set_border_title, set_virtual_height, span
from .state import OUTPUT_LINES

_GLYPH = {"stdout": ("│ ", "dim"), "stderr": ("┃ ", "red"), "stdin": ("› ", "cyan"),
          "loopscope": ("» ", "magenta")}
_TEXT_STYLE = {"stdout": "", "stderr": "red", "stdin": "cyan", "loopscope": "italic magenta"}
# Control characters would move the terminal's cursor: show them as nothing (tabs as spaces).
_CONTROLS = {c: None for c in range(32) if c != 9} | {127: None}


class OutputView(ScrollView, can_focus=True):
    """The program's output, newest at the bottom."""

    ALLOW_MAXIMIZE = True
    inherit_bindings = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    DEFAULT_CSS = """
    OutputView {
        overflow-x: hidden;
        scrollbar-visibility: hidden;
        scrollbar-size-vertical: 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[tuple[str, str]] = []

    def show(self, lines: list[tuple[str, str]], dropped: int = 0) -> None:
        """Show ``lines`` (stream, text), scrolled to the newest.

        ``dropped``: characters of earlier output no longer kept (only a bounded tail is, so
        that a program printing without end cannot fill the memory); said on the first line."""
        if dropped:
            notice = (f"{dropped:,} characters of earlier output were dropped: the last "
                      f"{OUTPUT_LINES:,} lines are kept")
            lines = [("loopscope", notice), *lines]
        if lines == self.lines:
            return  # nothing printed since: the pane is as it was
        self.lines = lines
        set_virtual_height(self, len(lines))
        height = self.scrollable_content_region.height or self.size.height
        top = max(0, len(lines) - height)
        set_border_title(self, "Output" + span(top, height, len(lines)))
        scroll_exactly(self, max(0, len(lines) - self.scrollable_content_region.height))
        self.refresh()

    def on_resize(self) -> None:
        set_virtual_height(self, len(self.lines))
        scroll_exactly(self, max(0, len(self.lines) - self.scrollable_content_region.height))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        height = self.scrollable_content_region.height or self.size.height
        set_border_title(self, "Output" + span(int(new), height, len(self.lines)))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = int(self.scroll_y) + y
        if not self.lines:
            if y == 0:
                text = Text("(no output yet)", "dim")
            else:
                return Strip.blank(width, base)
        elif row >= len(self.lines):
            return Strip.blank(width, base)
        else:
            stream, line = self.lines[row]
            glyph, glyph_style = _GLYPH.get(stream, ("│ ", "dim"))
            text = Text(glyph, glyph_style)
            text.append(line.expandtabs(4).translate(_CONTROLS), _TEXT_STYLE.get(stream, ""))
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis")
        segments = [Segment(seg.text, base + seg.style if seg.style else base)
                    for seg in text.render(self.app.console) if seg.text != "\n"]
        return Strip(segments).extend_cell_length(width, base).crop(0, width)


__all__ = ["OutputView"]
