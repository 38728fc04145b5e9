"""The Source pane's lexer gives pygments' tokens exactly, and builds without the Unicode names."""

from __future__ import annotations

from pathlib import Path

import pytest
from pygments.lexers.python import PythonLexer
from rich.syntax import Syntax

from loopscope.ui.highlight import FastPythonLexer, highlight

REPO = Path(__file__).resolve().parents[2]

#: Names that are not all ASCII: accented (composed and with a combining mark), other scripts
#: (with spacing and non-spacing vowel signs), names that start or end ASCII, a decorator, a
#: letter number; characters that are word characters but no identifier; the end of the text.
UNICODE = '''\
café = 1
cafe\u0301 = 2
नमस्ते = café + cafe\u0301
abcé, éabc, ab_é1 = 1, 2, 3
@décor
@dé.cor(x²)
def 函数(Ⅻ, _ü):  # ünïcode in a comment
    return "ünïcode in a string", f"{café!r}"
x = ½ + ²
class Ωmega: pass
¹ab
name_at_the_end'''


def _tokens(lexer: PythonLexer, code: str) -> list[tuple[object, str]]:
    return list(lexer.get_tokens(code))


@pytest.mark.parametrize("code", [UNICODE, UNICODE + "\n", "", "@", "x", "é", "\t\u0301"])
def test_unicode_names_give_pygments_tokens(code: str) -> None:
    assert _tokens(FastPythonLexer(), code) == _tokens(PythonLexer(), code)


def test_our_sources_give_pygments_tokens() -> None:
    files = sorted([*REPO.glob("loopscope/**/*.py"), *REPO.glob("samples/*.py")])
    assert len(files) > 50
    fast, stock = FastPythonLexer(), PythonLexer()
    for path in files:
        code = path.read_text(encoding="utf-8")
        assert _tokens(fast, code) == _tokens(stock, code), path


def test_highlight_is_rich_syntax_split_in_lines() -> None:
    code = (REPO / "samples" / "waiter.py").read_text()
    lines = highlight(code)
    expected = Syntax(code, "python", theme="ansi_dark").highlight(code)
    expected.expand_tabs(4)
    assert lines == list(expected.split("\n", allow_blank=True))[:-1]
    assert len(lines) == code.count("\n")


def test_ascii_code_never_compiles_the_unicode_name_pattern() -> None:
    lexer_class = type("FreshLexer", (FastPythonLexer,), {})  # its own token table
    lexer = lexer_class()
    code = (REPO / "samples" / "waiter.py").read_text()
    assert _tokens(lexer, code) == _tokens(PythonLexer(), code)
    names = {id(rule[0]): rule[0] for rules in lexer_class._tokens.values() for rule in rules
             if type(rule[0]).__name__ == "_NameMatch"}
    assert len(names) >= 2 and all(match._unicode is None for match in names.values())
    _tokens(lexer, "é = 1\n")
    assert any(match._unicode is not None for match in names.values())
