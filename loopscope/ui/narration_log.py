"""The narration log (``j``): the story so far, one sentence per pause, following the screen.

The narration line says what the *last* step did; a room following a demonstration also wants
to read back what came before. This pane lists the sentence of every history entry (in the
vocabulary chosen with ``w``), numbered as the status bar numbers history (``HISTORY n/m``), with
the entry on screen highlighted: walking back and forward with ``←``/``→`` moves the highlight,
and picking a line (enter or a click) shows that entry.

History can hold 100,000 pauses, so the pane lists a window of ``ROWS`` entries around the one
on screen, read with ``History.sentence`` (which does not unpack a snapshot); rebuilding the
list is skipped when only the highlight moved.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..history import History

#: Entries listed at most (older ones are reached by walking back).
ROWS = 200


class NarrationLog(OptionList):
    """The sentences of the history entries, the one on screen highlighted."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    NarrationLog {
        background: $surface;
        padding: 0;
    }
    NarrationLog > .option-list--option-highlighted {
        background: $boost;
        color: $text;
        text-style: bold;
    }
    NarrationLog:focus > .option-list--option-highlighted {
        background: $accent 30%;
    }
    """

    class EntryPicked(Message):
        """The user picked the sentence of history entry ``number`` (enter or click)."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: (numbers, sentences) listed now, so that a mere move of the highlight is cheap.
        self._listed: tuple[list[int], list[str]] = ([], [])

    def show(self, history: History, current: int | None, vocabulary: str,
             hide_own: bool = False) -> None:
        """List the sentences around entry ``current`` (None: the newest) and highlight it;
        ``hide_own`` leaves out asyncio's own steps (``Entry.own``) other than ``current``."""
        end = history.end
        if current is None or current not in history:
            current = end - 1
        start = max(history.first, min(end - ROWS, current - ROWS // 2))
        stop = min(end, start + ROWS)
        numbers = [n for n in range(start, stop)
                   if not (hide_own and n != current and history.own(n))]
        sentences = [history.sentence(n, vocabulary) for n in numbers]
        listed = (numbers, sentences)
        if self._listed != listed:
            self._listed = listed
            width = len(str(stop))
            self.set_options(
                Option(Text.assemble((f"{n + 1:>{width}} ", "dim"), sentence), id=str(n))
                for n, sentence in zip(numbers, sentences, strict=True))
        if current in numbers:
            self.highlighted = numbers.index(current)

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id is not None:
            self.post_message(self.EntryPicked(int(message.option.id)))
