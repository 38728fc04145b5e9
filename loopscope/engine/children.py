"""A child process is the program's: a forked child never inherits a half-attached engine.

``os.fork()`` copies the whole debuggee: the stepping loop with its controller, the virtual
clock in place of ``time.monotonic``, the loop factories, the event pipe and its buffer, and
the stepper that would pause and wait for commands; but not the threads that read those
commands or watch the loop. A child left so writes protocol lines into its parent's event pipe
(the front end reads bytes of two writers and ends the session), pauses with nobody to resume
it (a ``ProcessPoolExecutor`` worker hangs for good), and keeps the parent's pipe open after the
parent is gone. loopscope does not follow children, so a child must run as under plain
python: the stock loop, the real clock, the program's own streams.

Hence one hook, ``os.register_at_fork(after_in_child=...)``, that undoes in the child what the
agent installed, in the order it was installed, each step on its own (a failing step must not
leave the others undone, nor raise into the program's child). The agent registers the steps
(``ForkGuard.on_child``), since it is the one that knows what it installed. Nothing in a step
writes to the front end or takes a lock a thread of the parent may have held at the fork.
``multiprocessing``'s spawn and forkserver children start a fresh interpreter and need nothing:
the agent's pipes are close-on-exec, and the bootstrap puts nothing in the environment.

One more thing is the parent's: since 3.12, ``os.fork()`` warns (a ``DeprecationWarning``,
shown when ``__main__`` forks) that a multi-threaded process may deadlock its child. Under
loopscope the process always has threads, loopscope's own; the warning must appear exactly
when plain python would show it, i.e. when the program has threads of its own. So before each
fork, a filter for that one message is put first in ``warnings.filters`` if the only other
threads are loopscope's, and taken out if not. It stays there between forks: the warning is
issued after the ``after_in_parent`` hooks (3.13+), so no hook could take it out in time. It
is changed in place in the list: ``_filters_mutated`` would reset the warning registries, and
a warning shown once would show again. A child takes it out (its threads are its own).
"""

from __future__ import annotations

import os
import re
import sys
import threading
import warnings
from collections.abc import Callable
from typing import Any, cast

#: The interpreter's words (Modules/posixmodule.c, ``warn_about_fork_with_threads``).
_FORK_WARNING = re.compile(r"This process \(pid=\d+\) is multi-threaded, use of \w+\(\) may "
                           r"lead to deadlocks in the child\.")


class ForkGuard:
    """The steps that detach a forked child, and the fork warning's filter."""

    def __init__(self, own_threads: set[int]) -> None:
        #: Threads of loopscope's own (read at each fork).
        self.own_threads = own_threads
        self._steps: list[Callable[[], None]] = []
        self._filter: Any = None

    def on_child(self, step: Callable[[], None]) -> None:
        """Run ``step`` in every forked child, after the steps registered before it."""
        self._steps.append(step)

    def install(self) -> None:
        os.register_at_fork(before=self._before, after_in_child=self._in_child)

    def _in_child(self) -> None:
        self._drop_filter()
        steps, self._steps = self._steps, []  # a grandchild has nothing left to undo
        for step in steps:
            try:
                step()
            except Exception:  # never into the program's child; the other steps still run
                pass

    def _before(self) -> None:
        if sys.version_info < (3, 12) or not self._steps:
            return  # no warning to hide, or a child of a child (nothing of ours runs)
        try:
            alone = self._program_threads() <= 1
        except Exception:
            alone = False
        present = self._filter is not None and any(f is self._filter for f in _filters())
        if alone and not present:
            self._filter = ("ignore", _FORK_WARNING, DeprecationWarning, None, 0)
            _filters().insert(0, self._filter)
        elif not alone and present:
            self._drop_filter()

    def _drop_filter(self) -> None:
        entry, self._filter = self._filter, None
        if entry is not None:
            filters = _filters()
            for i, item in enumerate(filters):
                if item is entry:
                    del filters[i]
                    break

    def _program_threads(self) -> int:
        """The threads plain python would count here: the process's threads (as the
        interpreter counts them, from ``/proc/self/stat`` on Linux) less loopscope's."""
        active: dict[int, Any] = threading._active  # type: ignore[attr-defined]
        ours = len(self.own_threads & set(active))
        try:
            with open("/proc/self/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            return int(fields[17]) - ours  # field 20, counted from field 3 after the name
        except (OSError, IndexError, ValueError):
            limbo: dict[Any, Any] = threading._limbo  # type: ignore[attr-defined]
            return len(active) + len(limbo) - ours


def _filters() -> list[Any]:
    """``warnings.filters``, the list itself (changed in place: see the module's docstring)."""
    return cast(list[Any], warnings.filters)


def free_monitoring(tool_prefix: str = "loopscope") -> None:
    """Give back the ``sys.monitoring`` tool ids held under loopscope's names (3.12+), with
    their events and callbacks: a child inherits them, and their callbacks are the parent's."""
    mon = getattr(sys, "monitoring", None)
    if mon is None:
        return
    for tool in range(6):
        name = mon.get_tool(tool)
        if not name or not name.startswith(tool_prefix):
            continue
        clear = getattr(mon, "clear_tool_id", None)  # 3.14+: local events too
        if clear is not None:
            clear(tool)
        mon.set_events(tool, 0)
        for event in vars(mon.events).values():
            if isinstance(event, int) and event and not event & (event - 1):
                try:
                    mon.register_callback(tool, event, None)
                except ValueError:
                    pass
        mon.free_tool_id(tool)
