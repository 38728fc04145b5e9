"""Line breakpoints, checked against a task's await chain at the cost of a dict lookup per frame.

A breakpoint on ``FILE:LINE`` hits when any frame of a task's await chain is suspended at that
line: the task suspends there (after a step) or is about to resume from there (before one).
Checking that on every task step while the program runs must stay cheap, since breakpoints that
never hit should leave a program's speed alone. So the check never formats a path or reads a
line table unless it must: each code object is looked up once in ``_lines_in``, which says which
breakpoint lines fall inside that code object (usually none, and then the frame costs one dict
lookup); only for a code object with breakpoints is the frame's current line computed.
"""

from __future__ import annotations

import os
from types import CodeType, CoroutineType, GeneratorType
from typing import Any

_NONE: frozenset[int] = frozenset()


class Breakpoints:
    """A set of ``(file, line)`` pairs with a fast "does this task sit on one?" test."""

    def __init__(self) -> None:
        self._by_file: dict[str, frozenset[int]] = {}
        self._lines_in: dict[CodeType, frozenset[int]] = {}
        self.pairs: frozenset[tuple[str, int]] = frozenset()

    @property
    def by_file(self) -> dict[str, frozenset[int]]:
        """The lines, by normalised absolute file name."""
        return self._by_file

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def __contains__(self, pair: object) -> bool:
        return pair in self.pairs

    def set(self, pairs: set[tuple[str, int]] | frozenset[tuple[str, int]]) -> None:
        self.pairs = frozenset(pairs)
        by_file: dict[str, set[int]] = {}
        for file, line in self.pairs:
            by_file.setdefault(os.path.normcase(os.path.abspath(file)), set()).add(line)
        self._by_file = {file: frozenset(lines) for file, lines in by_file.items()}
        self._lines_in = {}

    def add(self, file: str, line: int) -> None:
        self.set(self.pairs | {(file, line)})

    def _lines_of(self, code: CodeType) -> frozenset[int]:
        lines = self._by_file.get(os.path.normcase(os.path.abspath(code.co_filename)))
        if not lines:
            found = _NONE
        else:
            own = {line for _, _, line in code.co_lines() if line is not None}
            found = frozenset(lines & own) or _NONE
        self._lines_in[code] = found
        return found

    def hit(self, coro: Any) -> tuple[str, int] | None:
        """The breakpoint where a frame of ``coro``'s await chain is suspended, if any."""
        lines_in = self._lines_in
        obj = coro
        depth = 0
        while obj is not None and depth < 100:
            kind = type(obj)
            if kind is CoroutineType:
                frame = obj.cr_frame
                following = obj.cr_await
            elif kind is GeneratorType:
                frame = obj.gi_frame
                following = obj.gi_yieldfrom
            else:
                return None  # a Future's iterator or a C awaitable: the chain ends here
            if frame is None:
                return None
            code = frame.f_code
            lines = lines_in.get(code)
            if lines is None:
                lines = self._lines_of(code)
            if lines and frame.f_lineno in lines:
                return code.co_filename, frame.f_lineno
            obj = following
            depth += 1
        return None
