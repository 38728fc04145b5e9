"""The stdin line: what the user types here is written to the program's standard input."""

from __future__ import annotations

from textual.widgets import Input


class StdinLine(Input):
    """One line of input for the program (``i`` focuses it, Enter sends, Esc leaves)."""

    DEFAULT_CSS = """
    StdinLine {
        height: 1;
        border: none;
        padding: 0 1;
        background: $surface;
    }
    StdinLine:focus {
        border: none;
        background: $boost;
    }
    StdinLine.-wanted {
        background: $warning 30%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="stdin: press i to type a line for the program",
                         id=id, select_on_focus=False)
