"""The front end's collector settings (``ui/heap.py``): what they do to the ``gc`` module."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from loopscope.session import Launch
from loopscope.ui import heap
from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.feed import LiveSource


@pytest.fixture
def restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()
    gc.enable()


def test_the_app_collects_the_young_generation_less_often(restored: None) -> None:
    gc.set_threshold(700, 10, 10)
    source = LiveSource(Launch(target=["samples/waiter.py"]))
    LoopscopeApp(source)
    assert gc.get_threshold() == (heap.YOUNG_THRESHOLD, 10, 10)
    # A live session's whole snapshots go to the freeze.
    assert source.debuggee.reassembler is not None
    assert source.debuggee.reassembler.on_whole is heap.whole_snapshot_taken


def test_a_large_whole_snapshot_freezes_what_is_alive(restored: None) -> None:
    tasks = [{"id": f"T{n}"} for n in range(heap.FREEZE_AT - 1)]
    heap.whole_snapshot_taken({"tasks": tasks})
    assert gc.get_freeze_count() == 0  # small: not worth it
    tasks.append({"id": "T0"})
    heap.whole_snapshot_taken({"tasks": tasks})
    frozen = gc.get_freeze_count()
    assert frozen > len(tasks)  # the entries and everything else alive
    assert not any(entry is tasks for entry in gc.get_objects())  # out of the collector's sight


def test_start_up_runs_without_collections_until_startup_done(restored: None) -> None:
    heap.startup_done()  # never paused: nothing to do
    assert gc.isenabled() and gc.get_freeze_count() == 0
    heap.pause_for_startup()
    assert not gc.isenabled()
    heap.startup_done()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    frozen = gc.get_freeze_count()
    heap.startup_done()  # once only
    assert gc.get_freeze_count() == frozen


async def test_the_app_ends_start_up_at_its_first_frame(restored: None) -> None:
    heap.pause_for_startup()
    source = LiveSource(Launch(target=["samples/waiter.py"]))
    app = LoopscopeApp(source)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.screen.is_current and app._dom_ready
            assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        source.stop()
