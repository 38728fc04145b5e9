"""The virtual clock: time is an input the loop asks for, not a fact it reads.

A teaching run of ``queue_workers.py`` sleeps 17 seconds; under loopscope it must finish in well
under one and still print ``Total elapsed time: 17.0``. So the loop's time is an offset the
engine moves itself: the loop reads ``VirtualClock.now()`` (via ``SteppingEventLoop.time``), and
when it would sleep with nothing outside the process to wait for, it *jumps* the offset to the next
timer's deadline instead (see ``SteppingEventLoop._wait_plan``). When something outside can wake
the loop (a socket, a thread, a child process), the loop waits for real and the real time it
waited is charged to the clock, so ordering against the outside world stays as in a plain run.

The script sees the same time: ``time.monotonic``/``perf_counter`` (and the ``_ns`` forms) are
replaced on the ``time`` module before the script runs, which reaches ``codetiming`` (it looks
``time.perf_counter`` up at each call). Only the thread that runs the debugged loop sees virtual
time; other threads keep real time, because their blocking waits are real. ``time.sleep`` on
that thread moves the clock instead of sleeping (unless other threads run, whose progress the
sleep may be waiting for) and is reported to a listener as the loop being blocked.

Virtual values are ``BASE + offset`` with a small fixed ``BASE`` (not 0: code may treat 0 as
"unset"): near 1000 a float keeps sub-picosecond steps, so ``end - start`` loses nothing to
rounding. Every move of the clock overshoots by one nanosecond, as a real wake-up always comes a
little after its deadline: after ``await asyncio.sleep(0.2)``, ``monotonic() - start >= 0.2``
holds as it does in a plain run, whatever the rounding of ``start + 0.2``. Displays use
``elapsed()``.
"""

from __future__ import annotations

import asyncio
import asyncio.events
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

_real_monotonic = time.monotonic
_real_perf_counter = time.perf_counter
_real_sleep = time.sleep
_real_monotonic_ns = time.monotonic_ns
_real_perf_counter_ns = time.perf_counter_ns


#: Where virtual ``monotonic()`` and ``perf_counter()`` start.
BASE = 1000.0
#: How far past its target each move of the virtual clock lands (see the module docstring).
OVERSHOOT = 1e-9


class VirtualClock:
    """Loop time as ``base + offset``; ``virtual=False`` makes it the real monotonic clock."""

    def __init__(self, virtual: bool = True) -> None:
        self.virtual = virtual
        self.base = BASE if virtual else _real_monotonic()
        self._perf_base = BASE if virtual else _real_perf_counter()
        # The _ns forms count from integer bases: float sums of a large base and a small
        # offset lose nanoseconds, and sleep(0.1) must never measure as 99,999,999 ns.
        self.base_ns = int(self.base * 1e9)
        self._perf_base_ns = int(self._perf_base * 1e9)
        self.offset = 0.0
        #: Real ``monotonic()`` since which virtual time follows real time, or None while it
        #: stands still. The watchdog sets it when real time passes that must not be skipped:
        #: a handle holds the loop longer than ``--slow``, or no loop has run on the clock's
        #: thread for that long (``outside_since``: synchronous code, a test suite's own
        #: timing). It is charged whole, from the start of that stretch: shorter ones, such
        #: as the gaps between the runs of ``asyncio.run``'s shutdown, stay out, so that the
        #: same program shows the same virtual times. The loop's thread charges the time to
        #: ``offset`` and clears it (``settle``) after such a handle and when a loop is made
        #: or starts running.
        self.held_since: float | None = None
        #: Real ``monotonic()`` since when no loop runs on the clock's thread (None: one runs).
        self.outside_since: float | None = None
        #: ``now()`` when a loop last stopped running on the clock's thread (None: never).
        self.stopped_at: float | None = None
        #: Called with (seconds, frame) when the clock's thread calls ``time.sleep``.
        self.on_sleep: Callable[[float, FrameType | None], None] | None = None

    def held(self) -> float:
        """Real seconds the running handle has held the loop past ``--slow``, not yet charged."""
        since = self.held_since
        return 0.0 if since is None else _real_monotonic() - since

    def now(self) -> float:
        """The loop's ``time()``."""
        if self.virtual:
            since = self.held_since  # inline, not ``held()``: the loop asks at every turn
            if since is None:
                return self.base + self.offset
            return self.base + self.offset + (_real_monotonic() - since)
        return _real_monotonic()

    def elapsed(self) -> float:
        """Seconds since the clock started: the ``t=`` shown to the user."""
        if self.virtual:
            return self.offset + self.held()
        return _real_monotonic() - self.base

    def perf_counter(self) -> float:
        return self._perf_base + self.offset + self.held()

    def settle(self) -> None:
        """The loop's thread: virtual time stands still again; the real time it followed is
        charged to ``offset``."""
        since = self.held_since
        if since is not None:
            self.offset += _real_monotonic() - since
            self.held_since = None

    def advance(self, seconds: float) -> None:
        if self.virtual and seconds > 0:
            self.offset += seconds + OVERSHOOT

    def advance_to(self, when: float) -> None:
        """Jump to loop time ``when`` (never backwards)."""
        if self.virtual and when > self.base + self.offset:
            self.offset = when - self.base + OVERSHOOT


def _other_threads_alive(own: set[int]) -> bool:
    me = threading.get_ident()
    return any(t.ident != me and t.ident not in own and t.is_alive() for t in threading.enumerate())


class TimePatch:
    """Replaces the ``time`` functions so that one thread sees a ``VirtualClock``."""

    def __init__(self, clock: VirtualClock, thread_ident: int, own_threads: set[int]) -> None:
        self.clock = clock
        self.thread_ident = thread_ident
        #: Threads of loopscope's own (command reader, watchdog): never worth waiting for.
        self.own_threads = own_threads
        self._saved: dict[str, object] = {}
        self._saved_running_loop: Any = None

    def install(self) -> None:
        if not self.clock.virtual or self._saved:
            return
        clock, ident, get_ident = self.clock, self.thread_ident, threading.get_ident
        get_running_loop = asyncio.events._get_running_loop

        # ``held_since`` is read once per call: the watchdog may set it at any moment.
        def monotonic() -> float:
            if get_ident() == ident:
                held = clock.held_since
                if held is None:
                    return clock.base + clock.offset
                return clock.base + clock.offset + (_real_monotonic() - held)
            return _real_monotonic()

        def monotonic_ns() -> int:
            if get_ident() == ident:
                held = clock.held_since
                extra = 0.0 if held is None else _real_monotonic() - held
                return clock.base_ns + round((clock.offset + extra) * 1e9)
            return _real_monotonic_ns()

        def perf_counter() -> float:
            if get_ident() == ident:
                held = clock.held_since
                if held is None:
                    return clock._perf_base + clock.offset
                return clock._perf_base + clock.offset + (_real_monotonic() - held)
            return _real_perf_counter()

        def perf_counter_ns() -> int:
            if get_ident() == ident:
                held = clock.held_since
                extra = 0.0 if held is None else _real_monotonic() - held
                return clock._perf_base_ns + round((clock.offset + extra) * 1e9)
            return _real_perf_counter_ns()

        def sleep(seconds: float, /) -> None:
            if get_ident() != ident:
                return _real_sleep(seconds)
            if seconds < 0:
                raise ValueError("sleep length must be non-negative")
            # Another thread may be what this sleep waits for, or the loop running here is not
            # one on this clock (uvloop's, say, which reads real time): then sleep for real.
            running = get_running_loop()
            foreign = running is not None and getattr(running, "_clock", None) is not clock
            if foreign or _other_threads_alive(self.own_threads):
                start = _real_monotonic()
                _real_sleep(seconds)
                held = clock.held_since
                if held is not None:
                    # Charged below as the sleep's length: not a second time as held.
                    clock.held_since = held + (_real_monotonic() - max(start, held))
            clock.advance(float(seconds))
            if clock.on_sleep is not None:
                clock.on_sleep(float(seconds), sys._getframe(1))

        real_set_running_loop = asyncio.events._set_running_loop

        def _set_running_loop(loop: Any) -> None:
            # A loop starts or stops running on the clock's thread: inside a running loop
            # virtual time stands still between its jumps; outside, a long stretch follows
            # real time (see ``held_since``).
            if get_ident() == ident:
                if loop is not None:
                    clock.outside_since = None
                    clock.settle()
                    if getattr(loop, "_clock", None) is not clock:
                        # A loop not on this clock (uvloop's) sleeps for real: the program's
                        # time functions follow real time while it runs, from its first turn.
                        clock.held_since = _real_monotonic()
                else:
                    clock.stopped_at = clock.now()
                    clock.outside_since = _real_monotonic()
            real_set_running_loop(loop)

        self._saved_running_loop = real_set_running_loop
        # Both names: asyncio's own loops call ``events._set_running_loop``; uvloop binds
        # ``asyncio._set_running_loop`` when it is imported (after this, in the program).
        asyncio.events._set_running_loop = _set_running_loop  # type: ignore[attr-defined]
        asyncio._set_running_loop = _set_running_loop  # type: ignore[attr-defined]
        for name, fn in (("monotonic", monotonic), ("monotonic_ns", monotonic_ns),
                         ("perf_counter", perf_counter), ("perf_counter_ns", perf_counter_ns),
                         ("sleep", sleep)):
            self._saved[name] = getattr(time, name)
            # Found by name as the originals are: ``time.perf_counter`` pickles as a reference
            # to ``time.perf_counter`` (a child process unpickles its own, real one), and
            # ``getattr(import_module(f.__module__), f.__qualname__)`` is ``f`` again.
            fn.__name__ = fn.__qualname__ = name
            fn.__module__ = "time"
            setattr(time, name, fn)

    def uninstall(self) -> None:
        for name, fn in self._saved.items():
            setattr(time, name, fn)
        if self._saved:
            asyncio.events._set_running_loop = self._saved_running_loop  # type: ignore[attr-defined]
            asyncio._set_running_loop = self._saved_running_loop  # type: ignore[attr-defined]
        self._saved.clear()


def real_monotonic() -> float:
    """The real clock, whatever the patch does: for loopscope's own timing."""
    return _real_monotonic()


def real_perf_counter() -> float:
    return _real_perf_counter()


def real_sleep(seconds: float) -> None:
    _real_sleep(seconds)
