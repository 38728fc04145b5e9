"""The narration in the UI: ``w`` switches its vocabulary, ``j`` opens the narration log.

Both keys only change what is drawn: the sentences were told once, in both vocabularies, when
each pause arrived, so walking back shows the past in whichever vocabulary is chosen now.
"""

from __future__ import annotations

import re

from loopscope.ui.narration import Narration
from loopscope.ui.narration_log import NarrationLog

from .conftest import MakeApp, press, program, screen_text, started

SIZE = (120, 40)


def _masked(text: str) -> str:
    """Automatic task names masked: their numbers are not what these tests are about."""
    return re.sub(r"\bTask-\d+", "Task-#", text)


def _said(app: object) -> str:
    return _masked(str(app.query_one(Narration).render()))  # type: ignore[attr-defined]


def _log_lines(app: object) -> list[str]:
    log = app.query_one(NarrationLog)  # type: ignore[attr-defined]
    return [_masked(str(log.get_option_at_index(i).prompt)) for i in range(log.option_count)]


async def test_w_switches_the_vocabulary_of_the_present_and_of_the_past(
        make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n", "n")
        assert _said(app) == ("Table 1 awaited sleep(3): a timer is set for t=3.0; "
                              "next: Table 2")
        await press(pilot, "w")
        assert _said(app) == ("The waiter leaves table 1 with an order sheet; it will be ready "
                              "at t=3.0. He goes to table 2, which is ready to order.")
        assert "The waiter leaves table 1 with an order sheet; it will be ready at t=3.0. He" in (
            screen_text(app))
        await press(pilot, "left")
        assert _said(app) == (
            "Table Task-# seats 4 new tables; the waiter leaves it: it waits until the 4 "
            "tables it gathered have been served. He goes to table 1, which is ready to order.")
        await press(pilot, "w")
        assert _said(app) == (
            "Task-# created 4 tasks and awaited gather(4 tasks, 0 done): it waits for them all "
            "to finish; next: Table 1")


async def test_narration_option_starts_in_the_waiter_vocabulary(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    app.vocabulary = "waiter"  # what --narration waiter does (run_app passes it on)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert _said(app) == ("The waiter is about to start his round. He goes to table "
                              "Task-#, which is ready to order.")


async def test_j_opens_the_log_that_follows_the_screen(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        log = app.query_one(NarrationLog)
        assert not log.display
        await press(pilot, "n", "n", "n", "j")
        assert log.display
        assert _log_lines(app) == [
            "1 Paused before the first switch; next: Task-#",
            "2 Task-# created 4 tasks and awaited gather(4 tasks, 0 done): it waits for them "
            "all to finish; next: Table 1",
            "3 Table 1 awaited sleep(3): a timer is set for t=3.0; next: Table 2",
            "4 Table 2 awaited sleep(5): a timer is set for t=5.0; next: Table 3"]
        assert log.highlighted == 3
        text = screen_text(app)
        assert "Narration · technical (w switches)" in text
        assert "4 Table 2 awaited sleep(5): a timer is set for t=5.0; next: Table 3" in text
        await press(pilot, "left", "left")
        assert log.highlighted == 1
        await press(pilot, "w")
        assert _log_lines(app)[2] == (
            "3 The waiter leaves table 1 with an order sheet; it will be ready at t=3.0. He "
            "goes to table 2, which is ready to order.")
        assert log.highlighted == 1
        assert "Narration · the waiter analogy (w switches)" in screen_text(app)
        await press(pilot, "right", "right")
        assert log.highlighted == 3 and app.view is None
        await press(pilot, "n")
        assert len(_log_lines(app)) == 5 and log.highlighted == 4
        await press(pilot, "j")
        assert not log.display


async def test_picking_a_sentence_in_the_log_shows_that_step(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n", "n", "n", "j")
        app.query_one(NarrationLog).focus()
        await press(pilot, "up", "up", "enter")
        assert app.view == 1
        assert _said(app).startswith("Task-# created 4 tasks")
        assert "HISTORY 2/4" in screen_text(app)


async def test_a_task_name_that_opens_the_sentence_keeps_its_case(make_app: MakeApp) -> None:
    app = make_app(program("orphan.py"))  # tasks fetch-0, fetch-1, fetch-2
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n", "n")
        assert _said(app) == ("fetch-0 awaited sleep(0.5): a timer is set for t=0.5; "
                              "next: fetch-1")
        await press(pilot, "w")
        assert _said(app) == ("The waiter leaves table fetch-0 with an order sheet; it will be "
                              "ready at t=0.5. He goes to table fetch-1, which is ready to order.")
