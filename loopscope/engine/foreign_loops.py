"""Loops of the program's own that the engine cannot step: said once, in the program's terms.

The engine steps ``SteppingEventLoop`` and installs it wherever asyncio makes a selector loop.
A program may still run another loop: uvloop's ``Loop`` (``uvloop.run``, its policy, a
``loop_factory``), or a class of its own built on ``BaseEventLoop``. Such a loop runs the program
correctly (its output and status are the program's) but no switch of it can be seen or paused,
and replacing it behind the program's back would change what the program asked for. So the
engine says exactly that, once per loop class, as a ``message`` event when the loop starts to
run on the program's thread, and ``exit`` carries the classes' names (``foreign_loops``), so
that the tracer does not claim the program ran no event loop.

Every loop announces itself when it starts running: asyncio's through
``asyncio.events._set_running_loop``, uvloop through ``asyncio._set_running_loop``, which it binds
when it is imported (after the engine starts, in the program). Both names are wrapped.
"""

from __future__ import annotations

import asyncio
import asyncio.events
import os
import threading
from collections.abc import Callable
from typing import Any

from .loop import SteppingEventLoop


def describe(loop: Any) -> str:
    """``uvloop.Loop``: the module and name of the loop's class."""
    kind = type(loop)
    module = kind.__module__.split(".")[0] if kind.__module__ != "__main__" else "__main__"
    return f"{module}.{kind.__qualname__}"


def watch(thread_ident: int, on_foreign: Callable[[str], None]) -> list[str]:
    """Call ``on_foreign(name)`` the first time a loop of each class not ours starts running on
    ``thread_ident``; return the list of those names as it grows."""
    seen: list[str] = []
    pid = os.getpid()  # a forked child's loops are its own business, not this run's
    real_events = asyncio.events._set_running_loop
    real_asyncio = asyncio._set_running_loop  # type: ignore[attr-defined]

    def wrap(real: Callable[[Any], None]) -> Callable[[Any], None]:
        def _set_running_loop(loop: Any) -> None:
            if (loop is not None and not isinstance(loop, SteppingEventLoop)
                    and threading.get_ident() == thread_ident and os.getpid() == pid):
                name = describe(loop)
                if name not in seen:
                    seen.append(name)
                    on_foreign(name)
            real(loop)

        return _set_running_loop

    asyncio.events._set_running_loop = wrap(real_events)  # type: ignore[attr-defined]
    asyncio._set_running_loop = wrap(real_asyncio)  # type: ignore[attr-defined]
    return seen


def notice(name: str) -> str:
    return (f"loopscope: the program runs its own event loop ({name}), not asyncio's selector "
            "loop: it runs as it would, but its switches cannot be stepped or traced; run the "
            "program on asyncio's loop to step it")
