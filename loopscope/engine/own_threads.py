"""The program does not see loopscope's threads.

The agent runs a thread that reads the front end's commands and, unless free running, a
watchdog. A program that counts its threads (``threading.active_count() == 1`` as a check for
leaked threads) or lists them must see what it sees under plain python, so
``threading.enumerate`` and ``threading.active_count`` leave those threads out. They are
wrapped rather than the threads taken out of ``threading._active``: a thread missing from it
becomes a ``_DummyThread`` (and visible again) the first time it asks ``current_thread()``.
``threading.activeCount``, the old name, calls ``active_count`` and follows.
"""

from __future__ import annotations

import threading


def install(own_idents: set[int]) -> None:
    """Leave the threads whose idents are in ``own_idents`` (read at each call) out."""
    stock_enumerate = threading.enumerate

    def enumerate() -> list[threading.Thread]:  # noqa: A001 (the name it stands in for)
        return [t for t in stock_enumerate() if t.ident not in own_idents]

    def active_count() -> int:
        return len(enumerate())

    for wrapper, stock in ((enumerate, stock_enumerate), (active_count, threading.active_count)):
        wrapper.__doc__ = stock.__doc__
        wrapper.__qualname__ = wrapper.__name__ = stock.__name__
        wrapper.__module__ = "threading"
    threading.enumerate = enumerate
    threading.active_count = active_count
