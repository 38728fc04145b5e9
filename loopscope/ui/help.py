"""The help screen (``?``): every key, from ``commands.COMMANDS``."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .commands import COMMANDS

INTRO = (
    "loopscope pauses the event loop between two handles. Each [b]switch[/b] resumes one task; "
    "a [b]callback step[/b] runs one ready handle of any kind. Everything on screen is a "
    "snapshot taken at that pause; ←/→ walk through the ones already seen."
)

MARKS = (
    "Source gutter: [bold red]●[/] breakpoint  [bold magenta]▶[/] task about to run  "
    "[yellow]◆[/] suspended task  [bold red]✗[/] exception  [bold yellow]![/] blocked here\n"
    "Output: │ stdout  [red]┃[/] stderr  [cyan]›[/] your stdin  [magenta]»[/] loopscope.  "
    "Tab moves between panes; ctrl+p opens the command palette."
)


class HelpScreen(ModalScreen[None]):
    """Keys and marks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen Static {
        margin-bottom: 1;
    }
    """

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for command in COMMANDS:
            keys = command.display or command.keys
            table.add_row(keys, f"[b]{command.title}[/b]: {command.help}")
        with VerticalScroll() as scroll:
            scroll.border_title = "loopscope keys (esc closes)"
            yield Static(INTRO)
            yield Static(table)
            yield Static(MARKS)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
