"""Frames of loopscope's copy of ``_run_once`` read as frames of CPython's.

Every task step, callback and I/O handler runs below ``_run_once``, so its frame sits in every
traceback that crosses the loop: a ``SystemExit`` or ``KeyboardInterrupt`` out of a task,
"Task exception was never retrieved" for such a task, the "Coroutine created at" and "created
at" stacks of asyncio's debug mode, ``traceback.print_stack()`` in a callback. Under plain python
that frame says ``asyncio/base_events.py``, line 1922, ``handle._run()``; a program's stderr must
read the same under loopscope, whatever its stack looks like.

So the copy in ``loop.py`` is compiled a second time, from its own source, with the file name
and line numbers of the upstream method: each line of the copy takes the number of the upstream
line it was copied from (matched by text, in order, as ``difflib`` aligns the two), a line of
loopscope's own takes the number of the nearest copied line before it, and a copied line that
sits in one of loopscope's additions (the ``handle._run()`` of the hooked branch, the debug
block it repeats) continues the upstream run of lines it repeats, or else takes the number of
the last upstream line with the same text. Column offsets move with the indentation, so the carets of a
traceback land under the same text. Nothing else changes: the same statements, the same
globals (``loop.py``'s), the same behaviour. When either source cannot be read (no ``.py``
files), the copy stays as it is.
"""

from __future__ import annotations

import marshal
import os
import sys
from types import CodeType, FunctionType
from typing import Any


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def line_map(ours: list[str], upstream: list[str]) -> list[int]:
    """For each line of ``ours``, the index of the upstream line it reads as."""
    import difflib  # here, as the other imports of the recompiling: only a first start pays
    stripped_ours = [line.strip() for line in ours]
    stripped_up = [line.strip() for line in upstream]
    matcher = difflib.SequenceMatcher(None, stripped_ours, stripped_up, autojunk=False)
    aligned: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            aligned[a + k] = b + k
    last_with_text = {text: j for j, text in enumerate(stripped_up) if text}
    result: list[int] = []
    previous = 0
    for i, text in enumerate(stripped_ours):
        if i in aligned:
            previous = aligned[i]
            result.append(previous)
        elif result and result[-1] + 1 < len(upstream) and stripped_up[result[-1] + 1] == text:
            result.append(result[-1] + 1)  # a copied run of lines, inside an addition
        elif text in last_with_text:
            result.append(last_with_text[text])
        else:
            result.append(previous)
    return result


def as_upstream(ours: Any, upstream: Any) -> Any:
    """``ours`` recompiled so that its frames carry ``upstream``'s file name and line numbers.

    Kept in ``__pycache__`` next to ``ours``'s module, as a ``.pyc`` is, and valid while neither
    source file changes: making it reads both sources, parses and compiles, which cost more
    than the rest of the engine's start-up (0.1 G instructions, in every debuggee)."""
    cache, key = _cache_path(ours), _cache_key(ours, upstream)
    code = _cached(cache, key) if cache is not None and key is not None else None
    if code is None:
        code = _recompiled(ours, upstream)
        if code is None:
            return ours
        if cache is not None and key is not None:
            _store(cache, key, code)
    namespace: dict[str, Any] = {}
    exec(code, ours.__globals__, namespace)
    func: FunctionType = namespace[ours.__name__]
    func.__qualname__ = ours.__qualname__
    func.__module__ = ours.__module__
    func.__doc__ = ours.__doc__
    return func


def _cache_path(ours: Any) -> str | None:
    folder = os.path.dirname(ours.__code__.co_filename)
    tag = sys.implementation.cache_tag
    if not folder or tag is None:
        return None
    return os.path.join(folder, "__pycache__", f"{ours.__name__}.upstream.{tag}.marshal")


def _cache_key(ours: Any, upstream: Any) -> tuple[Any, ...] | None:
    """What the recompiled code depends on: this interpreter and both source files."""
    try:
        stats = [os.stat(f.__code__.co_filename) for f in (ours, upstream)]
    except (OSError, AttributeError):
        return None
    return (sys.version, ours.__qualname__, upstream.__code__.co_filename,
            *((st.st_mtime_ns, st.st_size) for st in stats))


def _cached(cache: str, key: tuple[Any, ...]) -> CodeType | None:
    try:
        with open(cache, "rb") as stream:
            stored_key, code = marshal.load(stream)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return code if stored_key == key and isinstance(code, CodeType) else None


def _store(cache: str, key: tuple[Any, ...], code: CodeType) -> None:
    """Written whole under another name, then renamed: a reader never sees half a file."""
    partial = f"{cache}.{os.getpid()}"
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        with open(partial, "wb") as stream:
            marshal.dump((key, code), stream)
        os.replace(partial, cache)
    except OSError:  # a read-only install: recompiled at each start, as before
        try:
            os.unlink(partial)
        except OSError:
            pass


def _recompiled(ours: Any, upstream: Any) -> CodeType | None:
    """The module code that defines ``ours`` anew with ``upstream``'s file and line numbers."""
    import ast
    import inspect
    import textwrap

    try:
        our_lines, _ = inspect.getsourcelines(ours)
        up_lines, up_start = inspect.getsourcelines(upstream)
    except (OSError, TypeError):
        return None
    mapping = line_map(our_lines, up_lines)
    dedent = _indent(our_lines[0])
    tree = ast.parse(textwrap.dedent("".join(our_lines)))

    def column(index: int, col: int) -> int:
        # Same offset into the line's text, on the upstream line's indentation.
        return max(0, col + dedent - _indent(our_lines[index]) + _indent(up_lines[mapping[index]]))

    node: Any
    for node in ast.walk(tree):
        if not isinstance(getattr(node, "lineno", None), int):
            continue
        start, end = node.lineno - 1, (node.end_lineno or node.lineno) - 1
        node.lineno = up_start + mapping[start]
        node.col_offset = column(start, node.col_offset)
        end_line = up_start + mapping[end]
        end_col = column(end, node.end_col_offset or 0)
        if (end_line, end_col) < (node.lineno, node.col_offset):
            # A line of loopscope's own at the end: keep the node's range well formed.
            end_line, end_col = node.lineno, node.col_offset
        node.end_lineno, node.end_col_offset = end_line, end_col
    return compile(tree, upstream.__code__.co_filename, "exec", dont_inherit=True)
