"""File names as the user wants to read them: short, relative, never machine-specific.

Snapshots carry the file names the debuggee's code objects have: relative to the debuggee's
working directory for the script itself (``samples/waiter.py``), absolute for modules it
imports and for the standard library. The screen shows them relative to the script's folder
(``waiter.py``, ``pkg/util.py``), library files by their last two parts (``asyncio/tasks.py``),
anything else by its base name, so that screenshots and snapshot tests are the same on every
machine.
"""

from __future__ import annotations

import os
from functools import lru_cache


class PathStyle:
    """Resolves and shortens the file names of one run."""

    def __init__(self, cwd: str, script: str | None) -> None:
        self.cwd = cwd
        self.script_dir = (
            os.path.dirname(self.absolute(script)) if script is not None else cwd
        )
        self._short = lru_cache(maxsize=1024)(self._shorten)

    def absolute(self, file: str) -> str:
        """The absolute, normalised form of a file name from a snapshot."""
        return os.path.normpath(os.path.join(self.cwd, file))

    def short(self, file: str | None) -> str:
        if not file:
            return "?"
        return self._short(file)

    def _shorten(self, file: str) -> str:
        if file.startswith("<"):
            return file
        path = self.absolute(file)
        base = self.script_dir + os.sep
        if path.startswith(base):
            return path[len(base):]
        parts = path.split(os.sep)
        if "site-packages" in parts or "dist-packages" in parts or _in_stdlib(path):
            return "/".join(parts[-2:])
        return parts[-1]

    def where(self, file: str | None, line: int | None) -> str:
        if not file:
            return ""
        return f"{self.short(file)}:{line}" if line else self.short(file)


@lru_cache(maxsize=1)
def _stdlib() -> str:
    return os.path.dirname(os.__file__) + os.sep


def _in_stdlib(path: str) -> bool:
    return path.startswith(_stdlib())


__all__ = ["PathStyle"]
