"""The script's stack ends at its ``<module>`` frame, as under plain python.

Under ``python script.py`` the script's ``<module>`` frame is the bottom of the stack. Under
loopscope the agent runs it, so two or three frames of ours sit below it (the bootstrap's
``<string>``, ``agent.main``, ``_run_script``). The traceback of an uncaught exception is cut by
the agent itself; what else walks the whole stack is patched here, at the two places every such
walk in the standard library goes through:

* ``traceback.walk_stack``: ``traceback.extract_stack``/``print_stack``/``format_stack``,
  asyncio debug mode's "created at" stacks (``format_helpers.extract_stack`` for handles, the C
  future's ``traceback.extract_stack`` for futures and tasks) and logging's ``stack_info``
  (through ``print_stack``) all walk with it. Ours stops at the first frame of loopscope's.
  Given no frame, it starts where the stock function would: up to 3.13 that is a generator
  which, at its first ``next()``, takes the frame four up from its own; from 3.14 it is a plain
  function that takes its caller's frame. Each version gets the stand-in of its own shape.
* ``warnings._warn_unawaited_coroutine``: the interpreter calls it for "coroutine ... was never
  awaited"; in debug mode it prints ``cr_origin``, the innermost frames at the coroutine's
  creation (ten at most). Ours drops loopscope's frames from the outer end of that list; the
  frames left are the ones plain python lists (a plain stack of fewer than ten frames is whole
  in both, a deeper one is cut at the same ten). It is the standard library's function with
  that one filter: it must warn from its own frame (``stacklevel=2`` names the frame the
  interpreter called it from), so it cannot wrap the original. It is compiled as the original's
  lines (``upstream_frames``): with warnings turned into errors, its frame is printed
  ("Exception ignored in: <coroutine ...>"), with the line of the ``warn`` call and, from 3.15,
  its carets. So its text is the original's, per version: ``warnings.py``'s up to 3.13 (the
  same on 3.11 to 3.13), ``_py_warnings.py``'s from 3.14, which warns through ``_wm.warn(``
  over three lines.

``inspect.stack()`` and ``frame.f_back`` still see loopscope's frames: they read the frames
themselves, and the README says so.
"""

from __future__ import annotations

import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from types import CodeType, FrameType
from typing import Any
from warnings import warn

from .upstream_frames import as_upstream

#: The agent's file: entries of a coroutine's origin from there on are loopscope's.
_own_file = ""


def install(own_codes: set[CodeType], own_file: str) -> None:
    """Hide the frames running ``own_codes`` (and any below them), and ``own_file``'s entries
    of a coroutine's origin."""
    global _own_file
    _own_file = own_file
    stock_walk = traceback.walk_stack

    def hidden(frames: Iterator[tuple[FrameType, int]]) -> Iterator[tuple[FrameType, int]]:
        for frame, lineno in frames:
            if frame.f_code in own_codes:
                return
            yield frame, lineno

    walk_stack: Callable[[FrameType | None], Iterator[tuple[FrameType, int]]]
    if sys.version_info >= (3, 14):
        def walk_stack(f: FrameType | None) -> Iterator[tuple[FrameType, int]]:
            if f is None:
                f = sys._getframe().f_back  # the caller, as the stock function takes it
            return hidden(stock_walk(f))
    else:
        def walk_stack(f: FrameType | None) -> Iterator[tuple[FrameType, int]]:
            if f is None:
                # The stock generator's own choice of frame, from the same depth (its own).
                f = sys._getframe().f_back.f_back.f_back.f_back  # type: ignore[union-attr]
            yield from hidden(stock_walk(f))

    walk_stack.__doc__ = stock_walk.__doc__
    traceback.walk_stack = walk_stack
    warnings._warn_unawaited_coroutine = as_upstream(  # type: ignore[attr-defined]
        _warn_unawaited_coroutine, warnings._warn_unawaited_coroutine)  # type: ignore[attr-defined]


def _own_origin(coro: Any) -> list[tuple[str, int, str]]:
    """``coro.cr_origin`` without loopscope's frames (and the bootstrap's below them)."""
    origin = list(coro.cr_origin)
    for i, (filename, _, _) in enumerate(origin):
        if filename == _own_file:
            del origin[i:]
            break
    return origin


if sys.version_info >= (3, 14):
    #: The name ``_py_warnings`` calls the ``warnings`` module by.
    _wm = warnings

    def _warn_unawaited_coroutine(coro: Any) -> None:
        msg_lines = [
            f"coroutine '{coro.__qualname__}' was never awaited\n"
        ]
        if coro.cr_origin is not None:
            import linecache, traceback  # noqa: E401, I001 (the upstream line, as it reads)
            origin = _own_origin(coro)
            def extract() -> Iterator[tuple[str, int, str, str]]:
                for filename, lineno, funcname in reversed(origin):
                    line = linecache.getline(filename, lineno)
                    yield (filename, lineno, funcname, line)
            msg_lines.append("Coroutine created at (most recent call last)\n")
            msg_lines += traceback.format_list(list(extract()))
        msg = "".join(msg_lines).rstrip("\n")
        _wm.warn(
            msg, category=RuntimeWarning, stacklevel=2, source=coro
        )
else:
    def _warn_unawaited_coroutine(coro: Any) -> None:
        msg_lines = [
            f"coroutine '{coro.__qualname__}' was never awaited\n"
        ]
        if coro.cr_origin is not None:
            import linecache, traceback  # noqa: E401, I001 (the upstream line, as it reads)
            origin = _own_origin(coro)
            def extract() -> Iterator[tuple[str, int, str, str]]:
                for filename, lineno, funcname in reversed(origin):
                    line = linecache.getline(filename, lineno)
                    yield (filename, lineno, funcname, line)
            msg_lines.append("Coroutine created at (most recent call last)\n")
            msg_lines += traceback.format_list(list(extract()))
        msg = "".join(msg_lines).rstrip("\n")
        warn(msg, category=RuntimeWarning, stacklevel=2, source=coro)
