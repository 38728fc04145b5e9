"""Choosing the next task in the Ready queue (enter), and a recording that replays the choice.

The waiter sample seats four tables; after main's first step all four are ready, Table 1 first.
Moving the cursor to the second row of the Ready queue and pressing enter runs Table 2 first:
its line comes first in Output, the narration says who was picked before whom, and the queue
keeps the other three in their order. A recording of a run with that pick (``run_next`` sent
by a script here, as a user's enter sends it) replays with the same choice and no process.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from loopscope.recording import RecordingWriter, header
from loopscope.replay import ReplaySource
from loopscope.session import Debuggee, Launch
from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.feed import LiveSource
from loopscope.ui.help import HelpScreen
from loopscope.ui.ready_queue import ReadyQueue

from .conftest import REPO, MakeApp, latest, press, screen_text, started, until

SIZE = (120, 36)
WAITER = "samples/waiter.py"
PICKED = ("You picked Table 2 to run before Table 1. Table 2 awaited sleep(5): a timer is set "
          "for t=5.0; next: Table 1")


async def pick(pilot: Pilot[Any], row: int) -> None:
    """Focus the Ready queue, put the cursor on ``row`` (0-based) and press enter."""
    app = pilot.app
    assert isinstance(app, LoopscopeApp)
    queue = app.query_one(ReadyQueue)
    queue.focus()
    await pilot.press("home", *(["down"] * row))
    assert queue.cursor == row
    before = app.run_state.pauses
    await pilot.press("enter")
    await until(pilot, lambda: app.run_state.pauses > before or app.run_state.finished)


def ready_rows(app: LoopscopeApp) -> list[str]:
    return [str(row.get("task") or row.get("what")) for row in app.query_one(ReadyQueue).rows]


def output_lines(app: LoopscopeApp) -> list[str]:
    return [text for _, text in app.run_state.output.visible()]


async def test_enter_in_the_ready_queue_runs_the_second_table_first(make_app: MakeApp) -> None:
    app = make_app(WAITER)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "space")  # main seated the four tables
        assert ready_rows(app) == ["Table 1", "Table 2", "Table 3", "Table 4"]
        await pick(pilot, 1)
        entry = latest(app)
        assert entry.snapshot["last"]["task"] == "Table 2"
        assert entry.narration == PICKED
        assert output_lines(app) == ["The waiter has seated 4 tables",
                                     "Table 2 reads the menu (5 s to decide)"]
        assert ready_rows(app) == ["Table 1", "Table 3", "Table 4"]
        text = screen_text(app)
        assert "Ready queue (3)" in text
        assert " 1 ▶ Table 1  created by task" in text
        assert " 2   Table 3  created by task" in text
        assert "⏎ Run next" in text  # the footer shows the Ready queue's own key
        assert PICKED[:60] in text
        # The same pick in the waiter's words.
        await pilot.press("w")
        assert "You sent the waiter to table 2 before table 1." in screen_text(app)


async def test_picking_in_the_past_or_while_finished_is_refused(make_app: MakeApp) -> None:
    app = make_app(WAITER)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "space", "space", "left")  # looking at a past step
        queue = app.query_one(ReadyQueue)
        queue.focus()
        pauses = app.run_state.pauses
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.run_state.pauses == pauses and app.view is not None
        assert [n.message for n in app._notifications] == [
            "This is a past step: go forward to the newest one (→) to pick."]


async def test_enter_is_listed_in_help(make_app: MakeApp) -> None:
    app = make_app(WAITER)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Run next: In the Ready queue: run the entry under the cursor first" in \
            screen_text(app)


# -- recording and replaying a choice ----------------------------------------------------------


def record_with_pick(path: Path, script: str, picks: dict[int, int]) -> None:
    """``loopscope record``, with ``run_next`` instead of ``step`` at the pauses in ``picks``
    (pause number -> index), as a user's enter in the Ready queue sends it."""
    launch = Launch(target=[script], mode="interactive", cwd=str(REPO), time_limit=86400.0)
    debuggee = Debuggee(launch, capture_output=True)
    writer = RecordingWriter(path, header(launch, ".".join(map(str, sys.version_info[:3]))))
    debuggee.start()
    pauses = 0
    try:
        for event in debuggee.iter_events():
            writer.write(event)
            if event["kind"] == "paused":
                pauses += 1
                if pauses in picks:
                    debuggee.send({"kind": "run_next", "index": picks[pauses]})
                else:
                    debuggee.send({"kind": "step"})
    finally:
        writer.close()
        debuggee.close()


async def test_a_replay_makes_the_same_choice(tmp_path: Path) -> None:
    recording = tmp_path / "picked.loopscope"
    record_with_pick(recording, WAITER, {2: 1})
    source = ReplaySource(str(recording))
    app = LoopscopeApp(source, history_limit=1000)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "space")
        assert ready_rows(app) == ["Table 1", "Table 2", "Table 3", "Table 4"]
        # Another entry than the recording's: refused, nothing moves.
        queue = app.query_one(ReadyQueue)
        queue.focus()
        pauses = app.run_state.pauses
        await pilot.press("end", "enter")
        await until(pilot, lambda: bool(app._notifications))
        assert app.run_state.pauses == pauses
        assert [n.message for n in app._notifications] == [
            "loopscope: a replay cannot change what ran: the recording ran entry 2, "
            "step Table 2 next (press space to see it)"]
        # The recording's own choice: the replay shows it, with the same narration as live.
        await pick(pilot, 1)
        entry = latest(app)
        assert entry.snapshot["last"]["task"] == "Table 2"
        assert entry.narration == PICKED
        assert output_lines(app) == ["The waiter has seated 4 tables",
                                     "Table 2 reads the menu (5 s to decide)"]
        assert ready_rows(app) == ["Table 1", "Table 3", "Table 4"]
    source.stop()


async def test_a_replay_stepped_with_space_shows_the_recorded_choice(tmp_path: Path) -> None:
    recording = tmp_path / "picked.loopscope"
    record_with_pick(recording, WAITER, {2: 1})
    source = ReplaySource(str(recording))
    app = LoopscopeApp(source, history_limit=1000)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "space", "space")
        assert latest(app).narration == PICKED
        assert ready_rows(app) == ["Table 1", "Table 3", "Table 4"]
    source.stop()


def test_chosen_sentences_in_both_vocabularies() -> None:
    from loopscope import narrate

    user = {"kind": "chosen", "by": "user", "index": 2, "what": "step Three", "task": "Three",
            "first": "step One", "first_task": "One"}
    shuffle = {**user, "by": "shuffle", "seed": 5}
    anyway = {**user, "index": 0, "what": "step One", "task": "One"}
    callback = {"kind": "chosen", "by": "user", "index": 1, "what": "_done_callback()",
                "first": "step One", "first_task": "One"}
    assert [narrate.chosen(e) for e in (user, shuffle, anyway, callback)] == [
        "You picked Three to run before One",
        "The shuffle (seed 5) picked Three to run before One",
        "You picked One, which was next anyway",
        "You picked the callback _done_callback() to run before One",
    ]
    assert [narrate.chosen(e, narrate.WAITER) for e in (user, shuffle, anyway)] == [
        "You sent the waiter to table Three before table One.",
        "The shuffle (seed 5) sent the waiter to table Three before table One.",
        "You sent the waiter to table One, his next stop anyway.",
    ]
    # In a pause's sentence: the user's pick first, the shuffle's (who is next) last.
    snapshot = {"switches": 2, "last": {"task_id": "T4", "task": "Three", "done": False},
                "tasks": [{"id": "T4", "name": "Three", "awaiting": "sleep(0)"}],
                "ready": [{"kind": "task", "task": "One", "what": "step One"}]}
    previous = {"switches": 1, "last": None}
    assert narrate.narrate(snapshot, previous, "step", [user]) == (
        "You picked Three to run before One. Three awaited sleep(0): it is ready again at "
        "once; next: One")
    assert narrate.narrate(snapshot, previous, "step", [shuffle]) == (
        "Three awaited sleep(0): it is ready again at once; next: One. The shuffle (seed 5) "
        "picked Three to run before One")


async def test_shuffle_in_the_debugger_shows_the_pick_as_next() -> None:
    launch = Launch(target=["tests/engine/programs/race.py"], cwd=str(REPO),
                    time_limit=86400.0, shuffle=5)
    app = LoopscopeApp(LiveSource(launch), history_limit=1000)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await started(pilot)
            await press(pilot, "space")
            assert ready_rows(app) == ["Three", "One", "Two"]
            narration = latest(app).narration
            assert narration.endswith("; next: Three. The shuffle (seed 5) picked Three to run "
                                      "before One")
            assert " 1 ▶ Three" in screen_text(app)
    finally:
        app.source.stop()
