"""``update_in_place``: new content for a ``Static`` without a reflow of the whole screen.

``Static.update`` lays the whole screen out again by default (``Screen._refresh_layout``),
since the new content may need another height; at every step the narration, the status bar
and the await chain get new text, and that reflow is the larger part of a step's paint. Their
width is set by the layout, not by their text, so only a change of height needs the reflow:
this asks the widget the height its new content takes, as the layout would, and reflows only
when it differs from the height it has.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.visual import VisualType
from textual.widgets import Static


def update_in_place(widget: Static, content: VisualType) -> None:
    """``widget.update(content)``, laying the screen out again only if its height changes."""
    height = widget.outer_size.height
    width = widget.content_size.width
    if not widget.is_mounted or not height or not width or not widget.display:
        widget.update(content)
        return
    widget.update(content, layout=False)
    styles = widget.styles
    if styles.height is not None and not styles.height.is_auto:
        return  # a fixed height: the text cannot change it
    viewport = widget.screen.size
    container: Size = getattr(widget.parent, "size", viewport)
    if _one_line(content, width):
        wanted = 1 + styles.gutter.height  # no need to lay the text out to know that
    else:
        wanted = widget.get_content_height(container, viewport, width) + styles.gutter.height
    if styles.max_height is not None:
        wanted = min(wanted, int(styles.max_height.resolve(container, viewport)))
    if styles.min_height is not None:
        wanted = max(wanted, int(styles.min_height.resolve(container, viewport)))
    if wanted != height:
        widget.refresh(layout=True)


def _one_line(content: VisualType, width: int) -> bool:
    """Does ``content`` surely fit on one line of ``width`` cells? (Markup only shortens a
    string once drawn, so its raw length is an upper bound.)"""
    if isinstance(content, Text):
        return "\n" not in content.plain and content.cell_len <= width
    if isinstance(content, str):
        return "\n" not in content and cell_len(content) <= width
    return False


__all__ = ["update_in_place"]
