"""Line breakpoints, checked against a task's await chain at the cost of a dict lookup per frame.

A breakpoint on ``FILE:LINE`` hits when any frame of a task's await chain is suspended at that
line: the task suspends there (after a step) or is about to resume from there (before one).
Checking that on every task step while the program runs must stay cheap, since breakpoints that
never hit should leave a program's speed alone. Two filters keep it so:

- Only a coroutine's or a generator's frame can be in an await chain, and it is checked
  while suspended: at an ``await`` (or ``yield``), or on its first line before it started. A
  breakpoint on any other line (module code, a plain function, a line without ``await``) can
  never hit. ``set`` compiles each file once to find these *live* lines and keeps only those;
  when none is left, nothing needs checking at all. (A file that cannot be read or compiled
  keeps all its lines; a file edited on disk after it was imported is read as it is now.)
- A frame is first looked up by its code's file name (``by_filename``: a string's hash is
  cached, a code object's is not), which for most frames says "no breakpoint in this file";
  only for a frame of a file with breakpoints is its current line computed.
"""

from __future__ import annotations

import dis
import inspect
import os
from types import CodeType, CoroutineType, GeneratorType
from typing import Any

_NONE: frozenset[int] = frozenset()
#: The instructions a suspended frame's line is read from (a ``yield`` and its neighbours).
_SUSPENDING = frozenset({"SEND", "YIELD_VALUE", "RESUME", "RETURN_GENERATOR"})
#: Code that runs as a suspendable frame: the only frames an await chain is made of (async
#: generators too, to stay on the safe side).
_SUSPENDABLE = (inspect.CO_COROUTINE | inspect.CO_GENERATOR | inspect.CO_ITERABLE_COROUTINE
                | inspect.CO_ASYNC_GENERATOR)


class Breakpoints:
    """A set of ``(file, line)`` pairs with a fast "does this task sit on one?" test."""

    def __init__(self) -> None:
        self._by_file: dict[str, frozenset[int]] = {}
        #: The lines by file name as code objects spell it (relative or not), filled as the
        #: checks meet them; replaced, never changed in place (another thread may set).
        self.by_filename: dict[str, frozenset[int]] = {}
        self.pairs: frozenset[tuple[str, int]] = frozenset()
        #: Tasks paused on a breakpoint that have not run since (one pause a visit). The
        #: stepper adds to it; whoever runs a task's step removes it (the loop's inline check
        #: too, hence here).
        self.visiting: set[Any] = set()

    @property
    def by_file(self) -> dict[str, frozenset[int]]:
        """The live lines, by normalised absolute file name."""
        return self._by_file

    @property
    def live(self) -> bool:
        """Can any breakpoint hit: does a coroutine or generator contain one of the lines?"""
        return bool(self._by_file)

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def __contains__(self, pair: object) -> bool:
        return pair in self.pairs

    def set(self, pairs: set[tuple[str, int]] | frozenset[tuple[str, int]]) -> None:
        self.pairs = frozenset(pairs)
        by_file: dict[str, set[int]] = {}
        for file, line in self.pairs:
            by_file.setdefault(os.path.normcase(os.path.abspath(file)), set()).add(line)
        live = {file: live_lines(file, frozenset(lines)) for file, lines in by_file.items()}
        self._by_file = {file: lines for file, lines in live.items() if lines}
        self.by_filename = {}

    def add(self, file: str, line: int) -> None:
        self.set(self.pairs | {(file, line)})

    def lines_of_filename(self, filename: str) -> frozenset[int]:
        """The breakpoint lines of the file a code object names (``co_filename``), cached."""
        lines = self._by_file.get(os.path.normcase(os.path.abspath(filename)), _NONE)
        self.by_filename[filename] = lines
        return lines

    def hit(self, coro: Any) -> tuple[str, int] | None:
        """The breakpoint where a frame of ``coro``'s await chain is suspended, if any."""
        by_filename = self.by_filename
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
            filename = frame.f_code.co_filename
            lines = by_filename.get(filename)
            if lines is None:
                lines = self.lines_of_filename(filename)
            # A frame's line is always one of its own code's: no need to ask which lines of
            # the file the code object holds.
            if lines and frame.f_lineno in lines:
                return filename, frame.f_lineno
            obj = following
            depth += 1
        return None


def live_lines(file: str, lines: frozenset[int]) -> frozenset[int]:
    """Those of ``lines`` where a coroutine or generator of ``file`` can be suspended, read from
    disk (all of them if the file cannot be read or compiled).

    A task's frames are checked only between two handles, so each is suspended at a ``yield``
    (an ``await``, ``async for``/``with``, ``yield from``: the lines of its ``SEND``,
    ``YIELD_VALUE`` and ``RESUME`` instructions, the same on 3.11 to 3.13) or not started yet
    (its first lines, up to the first ``RESUME``). No other line of a file can ever hit."""
    try:
        with open(file, "rb") as stream:
            source = stream.read()
        code = compile(source, file, "exec", dont_inherit=True)
    except (OSError, SyntaxError, ValueError):
        return lines
    found: set[int | None] = set()
    pending = [code]
    while pending:
        code = pending.pop()
        pending.extend(const for const in code.co_consts if isinstance(const, CodeType))
        if not code.co_flags & _SUSPENDABLE:
            continue
        found.add(code.co_firstlineno)
        started = False
        for instruction in dis.get_instructions(code):
            if not started or instruction.opname in _SUSPENDING:
                found.add(instruction.positions.lineno if instruction.positions else None)
            started = started or instruction.opname == "RESUME"
    return lines & frozenset(line for line in found if line is not None)
