"""``VirtualClock`` and ``TimePatch``: time as the engine decides it, for one thread only.

The virtual clock is ``BASE + offset`` (a fixed base, so every run reads the same numbers); the
loop moves it, and ``TimePatch`` makes ``time.monotonic``/``perf_counter`` (and ``_ns``) of the
debugged thread follow it while every other thread keeps real time. ``time.sleep`` on that thread
moves the clock instead of sleeping and tells a listener (the loop is blocked), unless another
thread is alive whose progress the sleep may be waiting for.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from loopscope.engine.clock import (
    BASE,
    TimePatch,
    VirtualClock,
    real_monotonic,
    real_perf_counter,
    real_sleep,
)

ORIGINALS = {name: getattr(time, name) for name in
             ("monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns", "sleep")}


def other_thread(fn: Any) -> Any:
    """Run ``fn`` on a fresh thread and return its result."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(fn()))
    thread.start()
    thread.join(10)
    return result[0]


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def patched(clock: VirtualClock) -> Iterator[TimePatch]:
    # Every thread alive now (pytest-xdist's, ...) counts as "ours": time.sleep on this thread
    # then never waits for them.
    own = {t.ident for t in threading.enumerate() if t.ident is not None}
    patch = TimePatch(clock, threading.get_ident(), own)
    patch.install()
    try:
        yield patch
    finally:
        patch.uninstall()
    assert {name: getattr(time, name) for name in ORIGINALS} == ORIGINALS


# -- VirtualClock ------------------------------------------------------------------------------
#
# Virtual readings are BASE + offset, with a small fixed BASE (1000.0): the same numbers on every
# run, and a float near 1000 keeps sub-picosecond steps. Every move lands OVERSHOOT (1 ns) past
# its target, as a real wake-up comes a little after its deadline: ``end - start >= delay``
# holds after any sleep. So moves are checked as "at least the target, less than 1 µs past it".

US = 1e-6


def test_starts_at_the_fixed_base_with_no_offset(clock: VirtualClock) -> None:
    assert clock.virtual
    assert clock.base == BASE == 1000.0
    assert clock.offset == 0.0
    assert clock.elapsed() == 0.0
    assert clock.now() == BASE
    assert clock.perf_counter() == BASE


def test_every_virtual_clock_starts_at_the_same_reading() -> None:
    assert VirtualClock().now() == VirtualClock().now()


def test_does_not_move_by_itself(clock: VirtualClock) -> None:
    before = clock.now()
    real_sleep(0.02)
    assert clock.now() == before
    assert clock.elapsed() == 0.0


def test_advance_moves_at_least_as_far_as_asked(clock: VirtualClock) -> None:
    clock.advance(15)
    assert 15 <= clock.elapsed() < 15 + US
    clock.advance(2.5)
    assert 17.5 <= clock.elapsed() < 17.5 + US
    assert clock.now() == clock.base + clock.offset
    assert clock.perf_counter() - BASE == pytest.approx(clock.elapsed(), abs=1e-9)


def test_measured_durations_are_never_short(clock: VirtualClock) -> None:
    for delay in (0.1, 0.2, 0.3, 1 / 3, 15.0, 1e-3):
        start = clock.now()
        clock.advance(delay)
        assert clock.now() - start >= delay
        start = clock.now()
        clock.advance_to(start + delay)
        assert clock.now() - start >= delay


def test_advance_ignores_zero_and_negative(clock: VirtualClock) -> None:
    clock.advance(3)
    before = clock.offset
    clock.advance(0)
    clock.advance(-1)
    assert clock.offset == before


def test_advance_to_jumps_forward_never_back(clock: VirtualClock) -> None:
    clock.advance_to(BASE + 10)
    assert 10 <= clock.elapsed() < 10 + US
    before = clock.offset
    clock.advance_to(BASE + 4)
    assert clock.offset == before


def test_real_clock_follows_real_time() -> None:
    clock = VirtualClock(virtual=False)
    assert abs(clock.now() - real_monotonic()) < 1.0
    start = clock.now()
    real_sleep(0.02)
    assert clock.now() - start >= 0.015
    assert clock.elapsed() >= 0.015
    clock.advance(100)
    clock.advance_to(clock.now() + 100)
    assert clock.elapsed() < 50  # advancing a real clock does nothing


# -- TimePatch: the patched thread -------------------------------------------------------------


def test_patched_functions_follow_the_clock(clock: VirtualClock, patched: TimePatch) -> None:
    assert time.monotonic() == clock.now() == BASE
    assert time.perf_counter() == BASE
    clock.advance(15)
    assert time.monotonic() == clock.now()
    assert 15 <= time.monotonic() - BASE < 15 + US
    assert 15 <= time.perf_counter() - BASE < 15 + US


def test_ns_variants_follow_the_clock(clock: VirtualClock, patched: TimePatch) -> None:
    assert time.monotonic_ns() == 1000 * 10**9
    assert time.perf_counter_ns() == 1000 * 10**9
    clock.advance(2)
    assert isinstance(time.monotonic_ns(), int) and isinstance(time.perf_counter_ns(), int)
    assert abs(time.monotonic_ns() - time.monotonic() * 1e9) <= 1000
    assert abs(time.perf_counter_ns() - time.perf_counter() * 1e9) <= 1000


def test_ns_durations_are_never_short(clock: VirtualClock, patched: TimePatch) -> None:
    # sleep(0.1) must never measure as 99,999,999 ns.
    for delay in (0.1, 0.2, 0.3, 0.7, 1 / 3):
        start, pstart = time.monotonic_ns(), time.perf_counter_ns()
        clock.advance(delay)
        assert time.monotonic_ns() - start >= round(delay * 1e9)
        assert time.perf_counter_ns() - pstart >= round(delay * 1e9)


def test_patched_time_stands_still_while_real_time_passes(
        clock: VirtualClock, patched: TimePatch) -> None:
    before = (time.monotonic(), time.perf_counter())
    real_sleep(0.02)
    assert (time.monotonic(), time.perf_counter()) == before


def test_perf_counter_measures_virtual_durations(clock: VirtualClock, patched: TimePatch) -> None:
    # What codetiming does: the difference of two perf_counter() readings.
    start = time.perf_counter()
    clock.advance(15)
    assert f"{time.perf_counter() - start:.1f}" == "15.0"
    assert time.perf_counter() - start >= 15


def test_patched_functions_keep_their_names(patched: TimePatch) -> None:
    for name in ORIGINALS:
        assert getattr(time, name).__name__ == name


@pytest.mark.parametrize("name", ["monotonic", "monotonic_ns", "perf_counter",
                                  "perf_counter_ns", "sleep"])
def test_patched_functions_are_found_by_name_and_pickle_as_the_originals(
        patched: TimePatch, name: str) -> None:
    import importlib
    import pickle

    fn = getattr(time, name)
    assert getattr(importlib.import_module(fn.__module__), fn.__qualname__) is fn
    assert pickle.loads(pickle.dumps(fn)) is fn
    # By reference, as pickle stores the built-in: another process gets its own, real one.
    other = subprocess.run(
        [sys.executable, "-c", "import pickle, sys, time; "
         f"print(pickle.loads(sys.stdin.buffer.read()) is time.{name})"],
        input=pickle.dumps(fn), capture_output=True, timeout=60)
    assert (other.returncode, other.stdout, other.stderr) == (0, b"True\n", b"")


def test_sleep_advances_the_clock_without_sleeping(clock: VirtualClock,
                                                    patched: TimePatch) -> None:
    start = real_perf_counter()
    time.sleep(3600)
    time.sleep(0.4)
    assert real_perf_counter() - start < 1.0
    assert 3600.4 <= clock.elapsed() < 3600.4 + US


def test_sleep_reports_seconds_and_the_callers_frame(clock: VirtualClock,
                                                      patched: TimePatch) -> None:
    calls: list[tuple[float, str, int]] = []
    clock.on_sleep = lambda seconds, frame: calls.append(
        (seconds, frame.f_code.co_name, frame.f_lineno))
    line = sys._getframe().f_lineno + 1
    time.sleep(2)
    time.sleep(0)
    assert calls == [(2.0, "test_sleep_reports_seconds_and_the_callers_frame", line),
                     (0.0, "test_sleep_reports_seconds_and_the_callers_frame", line + 1)]


def test_sleep_accepts_ints_and_reports_floats(clock: VirtualClock, patched: TimePatch) -> None:
    seen: list[Any] = []
    clock.on_sleep = lambda seconds, frame: seen.append(seconds)
    time.sleep(1)
    assert seen == [1.0] and isinstance(seen[0], float)


def test_negative_sleep_raises_like_the_real_one(clock: VirtualClock,
                                                 patched: TimePatch) -> None:
    with pytest.raises(ValueError, match="sleep length must be non-negative"):
        time.sleep(-1)
    assert clock.elapsed() == 0


def test_sleep_waits_for_real_while_another_thread_runs(clock: VirtualClock,
                                                        patched: TimePatch) -> None:
    # A worker thread may be what the sleep waits for (polling a flag it sets): sleep for real,
    # and still move the virtual clock by as much.
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, args=(10,))
    worker.start()
    try:
        start = real_perf_counter()
        time.sleep(0.05)
        assert real_perf_counter() - start >= 0.04
    finally:
        stop.set()
        worker.join()
    assert 0.05 <= clock.elapsed() < 0.05 + US


# -- TimePatch: every other thread -------------------------------------------------------------


def test_other_threads_see_real_time(clock: VirtualClock, patched: TimePatch) -> None:
    clock.advance(1000)
    mono, perf = other_thread(lambda: (time.monotonic(), time.perf_counter()))
    assert abs(mono - real_monotonic()) < 1.0
    assert abs(perf - real_perf_counter()) < 1.0
    assert time.monotonic() == clock.now()  # while this thread reads the virtual clock


def test_other_threads_ns_are_real(clock: VirtualClock, patched: TimePatch) -> None:
    clock.advance(1000)
    mono_ns = other_thread(time.monotonic_ns)
    assert abs(mono_ns / 1e9 - real_monotonic()) < 1.0


def test_other_threads_sleep_for_real_and_do_not_move_the_clock(
        clock: VirtualClock, patched: TimePatch) -> None:
    called: list[float] = []
    clock.on_sleep = lambda seconds, frame: called.append(seconds)

    def nap() -> float:
        start = real_perf_counter()
        time.sleep(0.05)
        return real_perf_counter() - start

    assert other_thread(nap) >= 0.04
    assert clock.elapsed() == 0
    assert called == []


# -- install / uninstall -----------------------------------------------------------------------


def test_uninstall_restores_the_originals(clock: VirtualClock) -> None:
    patch = TimePatch(clock, threading.get_ident(), set())
    patch.install()
    assert time.monotonic is not ORIGINALS["monotonic"]
    patch.uninstall()
    assert {name: getattr(time, name) for name in ORIGINALS} == ORIGINALS
    clock.advance(100)
    assert abs(time.monotonic() - real_monotonic()) < 1.0


def test_install_twice_then_uninstall_restores_the_originals(clock: VirtualClock) -> None:
    patch = TimePatch(clock, threading.get_ident(), set())
    patch.install()
    patch.install()
    patch.uninstall()
    assert {name: getattr(time, name) for name in ORIGINALS} == ORIGINALS


def test_uninstall_without_install_is_harmless(clock: VirtualClock) -> None:
    TimePatch(clock, threading.get_ident(), set()).uninstall()
    assert {name: getattr(time, name) for name in ORIGINALS} == ORIGINALS


def test_a_real_clock_patches_nothing() -> None:
    patch = TimePatch(VirtualClock(virtual=False), threading.get_ident(), set())
    patch.install()
    try:
        assert {name: getattr(time, name) for name in ORIGINALS} == ORIGINALS
    finally:
        patch.uninstall()


def test_code_that_bound_the_function_before_the_patch_keeps_real_time(
        clock: VirtualClock) -> None:
    # `from time import monotonic` before install keeps the real function: the agent imports
    # the stdlib modules that do this (concurrent.futures, selectors, ...) before patching.
    from time import monotonic as early

    patch = TimePatch(clock, threading.get_ident(), set())
    patch.install()
    try:
        clock.advance(500)
        assert abs(early() - real_monotonic()) < 1.0
        assert time.monotonic() == clock.now()
    finally:
        patch.uninstall()
