"""Python source to Rich ``Text`` lines for the Source pane, with a lexer that is cheap to build.

The first paused screen shows the script's source, so building pygments' ``PythonLexer`` is on
the path of start-up (issue 6 asks for 0.4 s). Building it compiles some 85 regular
expressions, and two of them cost more than all the others together: a name is
``[<XID_Start>][<XID_Continue>]*`` (and a decorator ``@`` and the same), character classes of
about 700 ranges each that take ``re`` some 50 ms to compile. Nearly every name in real code is
ASCII, so ``FastPythonLexer`` matches names with an ASCII pattern first and compiles pygments'
own pattern only when a name has a non-ASCII character in it (or right after it).

The tokens are exactly pygments': XID_Start and XID_Continue agree with ``[A-Za-z_]`` and
``[A-Za-z0-9_]`` on ASCII, and the ASCII match is taken only when the character after it is
ASCII (so the Unicode pattern would have stopped there too); every other case goes to
pygments' pattern. ``tests/ui/test_highlight.py`` compares the two lexers' tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pygments.lexer import RegexLexerMeta
from pygments.lexers.python import PythonLexer
from rich.syntax import Syntax
from rich.text import Text

#: A name made of ASCII characters and not followed by a non-ASCII one (possessive: no shorter
#: match is tried when it is).
_ASCII_NAME = r"[A-Z_a-z][0-9A-Z_a-z]*+(?![^\x00-\x7f])"
_ASCII_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")

Match = Callable[..., "re.Match[str] | None"]


class _NameMatch:
    """``re.compile(prefix + uni_name).match``, through an ASCII pattern when that is enough."""

    def __init__(self, prefix: str, regex: str, flags: int) -> None:
        self._prefix = prefix
        self._ascii = re.compile(re.escape(prefix) + _ASCII_NAME, flags).match
        self._regex = regex
        self._flags = flags
        self._unicode: Match | None = None

    def __call__(self, text: str, pos: int = 0) -> re.Match[str] | None:
        match = self._ascii(text, pos)
        if match is not None:
            return match
        if not text.startswith(self._prefix, pos):
            return None
        at = pos + len(self._prefix)
        if at >= len(text) or (text[at] < "\x80" and text[at] not in _ASCII_START):
            return None  # no name starts here, in either pattern
        if self._unicode is None:
            self._unicode = re.compile(self._regex, self._flags).match
        return self._unicode(text, pos)


#: pygments' name pattern (None if a later pygments drops it: then every pattern is its own).
_UNI_NAME: str | None = getattr(PythonLexer, "uni_name", None)


class _FastNamesMeta(RegexLexerMeta):
    def _process_regex(cls, regex: Any, rflags: int, state: str) -> Match:
        for prefix in ("", "@"):
            if _UNI_NAME is not None and regex == prefix + _UNI_NAME:
                return _NameMatch(prefix, regex, rflags)
        match: Match = super()._process_regex(regex, rflags, state)
        return match


class FastPythonLexer(PythonLexer, metaclass=_FastNamesMeta):
    """``PythonLexer`` with the same tokens, built without compiling its Unicode name pattern."""


_lexer: FastPythonLexer | None = None


def highlight(code: str) -> list[Text]:
    """``code`` as highlighted lines (Rich's ``ansi_dark`` theme), tabs expanded to 4."""
    global _lexer
    if _lexer is None:
        # The options Rich's Syntax gives a lexer it looks up by name.
        _lexer = FastPythonLexer(stripnl=False, ensurenl=True, tabsize=4)
    text = Syntax(code, _lexer, theme="ansi_dark").highlight(code)
    text.expand_tabs(4)
    lines = list(text.split("\n", allow_blank=True))
    if lines and not lines[-1].plain and code.endswith("\n"):
        lines.pop()
    return lines


__all__ = ["FastPythonLexer", "highlight"]
