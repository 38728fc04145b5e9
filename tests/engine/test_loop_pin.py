"""``SteppingEventLoop._run_once`` is a copy of CPython's: pin the upstream source per version.

``loopscope/engine/loop.py`` owns a copy of ``asyncio.base_events.BaseEventLoop._run_once`` with
three small additions (the virtual-clock wait plan, the hook around each handle, the running-handle
marker). If CPython changes its method, the copy silently drifts from the loop it claims to be.
This test hashes the upstream source of the running interpreter and fails loudly when it is not
one that loop.py was checked against.
"""

from __future__ import annotations

import asyncio.base_events
import hashlib
import inspect
import sys

#: sha256 of inspect.getsource(BaseEventLoop._run_once), per (major, minor).
#: 3.11 and 3.12 are byte-identical; 3.13 writes the timeout clamp as an if/elif chain instead
#: of min(max(...)), with the same meaning; 3.14 is 3.13's text; 3.15 takes the ready timers'
#: horizon as max(resolution, ulp(now)) (gh-145703), which the copy does on 3.15+ only.
PINNED = {
    (3, 11): "26970ce6b0d67ef53ed648e7f99fa1755c131bcfcb34ca4b6b3d6416741a1a2d",
    (3, 12): "26970ce6b0d67ef53ed648e7f99fa1755c131bcfcb34ca4b6b3d6416741a1a2d",
    (3, 13): "22aebfb8172a0741c023dd9211d629d9b40d6007f0996cfcf8a1d368853fbcb5",
    (3, 14): "22aebfb8172a0741c023dd9211d629d9b40d6007f0996cfcf8a1d368853fbcb5",
    (3, 15): "1a268688516220227a9cdeaae4b797b9f12bbbe4199c2b206d45f8a22a9e6fb0",
}

ADVICE = (
    "Re-read CPython's asyncio.base_events.BaseEventLoop._run_once for this version, carry "
    "every change over into SteppingEventLoop._run_once in loopscope/engine/loop.py (keeping "
    "loopscope's three additions), then add or update the hash in tests/engine/test_loop_pin.py."
)


def upstream_hash() -> str:
    source = inspect.getsource(asyncio.base_events.BaseEventLoop._run_once)
    return hashlib.sha256(source.encode()).hexdigest()


def test_upstream_run_once_is_the_one_loopscope_copied() -> None:
    version = sys.version_info[:2]
    actual = upstream_hash()
    if version not in PINNED:
        raise AssertionError(
            f"Python {version[0]}.{version[1]} is not pinned (its _run_once hashes to "
            f"{actual}). {ADVICE}"
        )
    assert actual == PINNED[version], (
        f"CPython {sys.version.split()[0]} changed BaseEventLoop._run_once (hash {actual}, "
        f"pinned {PINNED[version]}). {ADVICE}"
    )


def test_the_copy_is_what_the_loop_runs() -> None:
    # The pin only matters if the stepping loop really uses its own copy.
    from loopscope.engine.loop import SteppingEventLoop

    assert "_run_once" in vars(SteppingEventLoop)
    assert SteppingEventLoop._run_once is not asyncio.base_events.BaseEventLoop._run_once


def _timer_due_now_is_ready(loop_class: type) -> bool:
    """One ``_run_once`` at a clock reading so large that its resolution is below an ulp: does a
    timer due exactly "now" reach the ready queue (3.15, gh-145703) or stay scheduled (<= 3.14)?"""
    loop = loop_class()
    try:
        now = 2.0 ** 33  # a machine up for 272 years: ulp(now) is 2**-19, the resolution 1e-9
        loop.time = lambda: now  # type: ignore[method-assign]
        loop.call_at(now, lambda: None)
        loop._run_once()
        return not loop._scheduled
    finally:
        loop.close()


def test_the_copy_moves_due_timers_as_this_version_does() -> None:
    from loopscope.engine.loop import SteppingEventLoop

    stock = _timer_due_now_is_ready(asyncio.SelectorEventLoop)
    assert stock is (sys.version_info >= (3, 15))
    assert _timer_due_now_is_ready(SteppingEventLoop) is stock
