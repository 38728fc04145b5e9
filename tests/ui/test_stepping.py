"""Keys that move the program: space/n, s, c, p, t, left/right, and what the screen says."""

from __future__ import annotations

from loopscope.ui.source import SourceView
from loopscope.ui.tasks import TaskList

from .conftest import MakeApp, latest, press, program, screen_text, started, status_text, until


async def test_first_screen_is_paused_before_the_first_switch(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        text = screen_text(app)
        for title in ("Tasks", "Ready queue", "Timers", "Source · waiter.py", "Output"):
            assert title in text
        assert "Paused before the first switch; next: Task-1" in text
        assert status_text(app).startswith(" paused ")
        assert "step 0" in status_text(app)


async def test_space_and_n_each_make_one_switch(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "space")
        assert latest(app).snapshot["switches"] == 1
        await press(pilot, "n")
        assert latest(app).snapshot["switches"] == 2
        assert app.run_state.pauses == 3
        assert "Table 1 awaited sleep(3): a timer is set for t=3.0; next: Table 2" in (
            screen_text(app))


async def test_s_runs_one_callback(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n", "n")  # main and A ran; B is about to start
        await press(pilot, "s")  # B's first step: now everyone sleeps, the loop is idle
        idle = latest(app).snapshot
        assert idle["ready"] == [] and [t["when"] for t in idle["timers"]] == [1.0, 2.0]
        await press(pilot, "s")  # the clock jumps to t=1: the timer that wakes B is due
        before = latest(app).snapshot
        assert before["ready"] and before["ready"][0]["kind"] == "callback"
        assert before["t"] == 1.0
        await press(pilot, "s")  # the timer callback that wakes B
        after = latest(app).snapshot
        assert after["step"] == before["step"] + 1
        assert after["switches"] == before["switches"]
        assert after["t"] == 1.0
        assert "The loop ran the callback wake sleeper; next: B, woken by its timer" in (
            screen_text(app))


async def test_queue_workers_sleep_line_and_timers_within_eight_presses(
        make_app: MakeApp) -> None:
    """Issue 3's acceptance: both workers at the sleep line, timers due at 10 and 15 on screen.

    The engine pauses ("idle") when the ready queue runs dry, before the clock jumps: the
    Timers pane then holds both deadlines."""
    app = make_app(program("queue_workers.py"))
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        screens = []
        for _ in range(8):
            await press(pilot, "space")
            snap = latest(app).snapshot
            sources = {t["name"]: t.get("source") for t in snap["tasks"]}
            if sources.get("One") == sources.get("Two") == "await asyncio.sleep(delay)":
                screens.append(screen_text(app))
        assert screens, "never both at the sleep line"
        text = screens[0]
        assert "t=10.0  in 10.0 s  task Two" in text  # the Timers pane: both deadlines
        assert "t=15.0  in 15.0 s  task One" in text
        assert "await asyncio.sleep(delay)  ◀ One, Two" in text  # both marks on the line
        assert "nothing is ready: the loop sleeps" in text
        assert len(set(screens)) == len(screens)  # every press changed the screen


async def test_c_runs_to_the_end_and_output_shows_the_total(make_app: MakeApp) -> None:
    app = make_app(program("queue_workers.py"))
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.finished)
        text = screen_text(app)
        assert "Total elapsed time: 17.0" in text
        assert status_text(app).startswith(" finished (exit 0) ")
        assert "The program has finished (exit 0)" in text


async def test_stepping_after_the_end_says_the_program_has_finished(make_app: MakeApp) -> None:
    app = make_app(program("two_sleepers.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.ended)
        await pilot.press("n")
        await pilot.pause()
        assert any("has finished" in str(n.message) for n in app._notifications)
        assert app.run_state.finished


async def test_left_and_right_walk_history_and_right_past_the_newest_steps(
        make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n", "n", "n")
        assert app.view is None
        await press(pilot, "left")
        assert app.view == 2
        assert "HISTORY 3/4" in status_text(app)
        await press(pilot, "left", "left")
        assert app.view == 0
        assert "HISTORY 1/4" in status_text(app)
        await press(pilot, "left")  # the oldest: stays
        assert app.view == 0
        await press(pilot, "right", "right")
        assert app.view == 2
        await press(pilot, "right")
        assert app.view is None and "HISTORY" not in status_text(app)
        await press(pilot, "right")  # past the newest: one more switch
        assert app.run_state.pauses == 5
        assert latest(app).snapshot["switches"] == 4


async def test_a_step_key_while_in_history_returns_to_the_present(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n", "n", "left", "left")
        assert app.view == 0
        await press(pilot, "n")
        assert app.view is None
        assert latest(app).snapshot["switches"] == 3


async def test_t_runs_until_the_selected_task_runs_next(make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n")  # four tables are ready now, Table 1 first
        task_list = app.query_one(TaskList)
        task_list.focus()
        await pilot.press("down", "down")  # from Table 1 (about to run) to Table 3
        await pilot.pause()
        assert task_list.current["name"] == "Table 3"
        await press(pilot, "t")
        snap = latest(app).snapshot
        assert latest(app).reason == "task"
        assert snap["ready"][0]["task"] == "Table 3"
        assert "Stopped before the chosen task" in screen_text(app)


async def test_picking_a_task_makes_source_follow_it_and_f_follows_again(
        make_app: MakeApp) -> None:
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n", "n")
        source = app.query_one(SourceView)
        assert source.cursor_line == 33  # Table 2 about to start
        app.query_one(TaskList).focus()
        await pilot.press("up")  # from Table 2 to Table 1, suspended at line 40
        await pilot.pause()
        assert app.picked is not None
        assert source.cursor_line == 40
        assert "Table 1 (picked)" in str(source.border_title)
        await press(pilot, "n")
        assert source.cursor_line == 40  # still the picked task
        await press(pilot, "f")
        assert app.picked is None
        assert "(picked)" not in str(source.border_title)


async def test_history_keeps_the_status_word_of_the_pause(make_app: MakeApp) -> None:
    # Step 5 of the waiter is idle (four timers, nothing ready): the status said so live,
    # and says so again when walked back to.
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n", "n", "n", "n", "n")
        assert status_text(app) == " paused  step 5 · switch 5 · t=0.0 · idle"
        await press(pilot, "n", "left")
        assert status_text(app) == (
            " paused  HISTORY 6/7  step 5 · switch 5 · t=0.0 · idle · → returns to the present")
        await press(pilot, "left")
        assert status_text(app) == (
            " paused  HISTORY 5/7  step 4 · switch 4 · t=0.0 · → returns to the present")


async def test_left_held_at_the_oldest_snapshot_says_so_once(make_app: MakeApp) -> None:
    # One notice on screen, not a stack of them: a dozen stacked toasts outlived their timeout
    # on a real terminal, until the next key repainted the screen.
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await press(pilot, *["left"] * 12)
        assert [n.message for n in app._notifications] == ["This is the oldest snapshot kept."]
