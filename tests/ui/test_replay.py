"""Replay: a recording drives the same UI as a live run, with identical screens, and no process."""

from __future__ import annotations

from pathlib import Path

import pytest

from loopscope.recording import RecordingError
from loopscope.replay import ReplaySource
from loopscope.ui.debugger import LoopscopeApp

from .conftest import MakeApp, press, record, replay_comparable, screen_text, started

SIZE = (120, 36)


async def test_replay_screens_equal_the_live_screens(make_app: MakeApp, tmp_path: Path) -> None:
    recording = record(tmp_path, "samples/waiter.py")
    live = make_app("samples/waiter.py")
    live_screens = []
    async with live.run_test(size=SIZE) as pilot:
        await started(pilot)
        live_screens.append(screen_text(live, without_status=True))
        for _ in range(6):
            await press(pilot, "space")
            live_screens.append(screen_text(live, without_status=True))

    source = ReplaySource(str(recording))
    replay = LoopscopeApp(source, breaks=[], break_tasks=[], history_limit=1000)
    replay_screens = []
    async with replay.run_test(size=SIZE) as pilot:
        await started(pilot)
        replay_screens.append(screen_text(replay, without_status=True))
        for _ in range(6):
            await press(pilot, "space")
            replay_screens.append(screen_text(replay, without_status=True))
    source.stop()
    assert len(replay_screens) == len(live_screens) == 7
    for step, (a, b) in enumerate(zip(live_screens, replay_screens, strict=True)):
        assert replay_comparable(a) == replay_comparable(b), f"screens differ at pause {step}"


async def test_replay_runs_to_the_end_on_continue(tmp_path: Path) -> None:
    recording = record(tmp_path, "samples/queue_workers.py")
    source = ReplaySource(str(recording))
    app = LoopscopeApp(source, breaks=[], break_tasks=[], history_limit=1000)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("c")
        await app.wait_for(lambda: app.run_state.finished)
        await pilot.pause()
        assert "Total elapsed time: 17.0" in screen_text(app)
    source.stop()


def test_replay_refuses_what_is_not_a_recording(tmp_path: Path) -> None:
    bad = tmp_path / "bad.loopscope"
    bad.write_bytes(b"\x1f\x8bnot really gzip")
    with pytest.raises(RecordingError):
        ReplaySource(str(bad))
    text = tmp_path / "text.loopscope"
    text.write_text('{"kind": "recording", "format": 99, "protocol": 1}\n')
    with pytest.raises(RecordingError, match="format 99"):
        ReplaySource(str(text))
