"""The final screen: how the program ended, whichever way the user got there.

After ``c`` (the program ran freely), after ``n`` reached the end step by step, after an
uncaught exception or ``sys.exit``, live or replayed: the status bar keeps the last step and
the final time, the Tasks pane every task that existed with how it ended, the Output pane
what was printed. The screens are pinned exactly; one SVG snapshot is in
``test_snapshots.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from loopscope.replay import ReplaySource
from loopscope.ui.debugger import LoopscopeApp

from .conftest import (
    MakeApp,
    press,
    program,
    record,
    replay_comparable,
    screen_text,
    started,
    until,
)

SIZE = (100, 30)

#: asyncio.run's shutdown tasks are unnamed: 3.14 numbers only unnamed tasks (a name given to
#: create_task no longer takes a number, gh-128308), so after waiter.py's four named tables they
#: are Task-2 and Task-3 there, Task-6 and Task-7 before.
NAMES_TAKE_NUMBERS = sys.version_info < (3, 14)
WAITER_SHUTDOWN = ("Task-6", "Task-7") if NAMES_TAKE_NUMBERS else ("Task-2", "Task-3")
CRASH_SHUTDOWN = ("Task-3", "Task-4") if NAMES_TAKE_NUMBERS else ("Task-2", "Task-3")


@pytest.fixture(autouse=True)
def no_progress_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the end screen knows after ``c`` must not hang on whether a progress snapshot (one
    every 0.1 s of real time while continuing) happened to catch a task done: on a busy machine
    one does."""
    monkeypatch.setenv("LOOPSCOPE_PROGRESS_EVERY", "3600")

#: samples/waiter.py after ``c``: the tables ended while the loop ran freely (unhooked, the
#: engine follows no task's end), the shutdown tasks of asyncio.run were seen ending.
WAITER_AFTER_C = """\
─Tasks (0 alive, 7 seen)──────────────────────▏─Source · waiter.py · line 1/62──────────────────────
  Task-1  ended    ran freely: not followed m…▏   1 │ \"\"\"The waiter analogy: one waiter serves many…
  Table 1 ended    ran freely: not followed t…▏   2 │
  Table 2 ended    ran freely: not followed t…▏   3 │ What it teaches
  Table 3 ended    ran freely: not followed t…▏   4 │ ---------------
  Table 4 ended    ran freely: not followed t…▏   5 │ A restaurant with a single waiter does not ne…
  {0}  done     returned None BaseEventLoo…▏   6 │ menu to a table, and while that table is deci…
  {1}  done     returned None BaseEventLoo…▏   7 │ back when a table signals that its order is r…
                                              ▏   8 │
                                              ▏   9 │ * The waiter is the **event loop**: there is …
                                              ▏  10 │ * Each table is a **task** (``asyncio.create_…
                                              ▏  11 │ * ``await asyncio.sleep(decide_time)`` is the…
                                              ▏  12 │   says "come back in ``decide_time`` seconds"…
                                              ▏  13 │ * When the time is up the waiter comes back a…
                                              ▏  14 │   ``await``).
                                              ▏  15 │
                                              ▏  16 │ Because nobody holds on to the waiter while t…
▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▏  17 │ seconds to decide are all served after 7 seco…
 await chain of Task-1: none (ran freely: not…▏─Output · 7-14/14────────────────────────────────────
─Ready queue (0)──────────────────────────────▏│ Waiter serves Table 4
(empty)                                       ▏│ Table 1 ordered after 3.0 s
the loop is closed                            ▏│ Waiter serves Table 1
                                              ▏│ Table 2 ordered after 5.0 s
─Timers (0)───────────────────────────────────▏│ Waiter serves Table 2
(no timers)                                   ▏│ Table 3 ordered after 7.0 s
                                              ▏│ Waiter serves Table 3
                                              ▏│ Total elapsed time: 7.0
 The program has finished (exit 0); press r to restart
 finished (exit 0)  step 23 · switch 12 · t=7.0 · r restarts
 space Next switch  s Callback  c Continue  p Pause  ? Help  q Quit  t To task  b Breakp▏^p palette""".replace(
    "{0}", WAITER_SHUTDOWN[0]).replace("{1}", WAITER_SHUTDOWN[1])

#: The same run stepped with ``n`` to its end: every task's end was seen.
WAITER_STEPPED_TASKS = [
    "─Tasks (0 alive, 7 seen)──────────────────────▏─Source · waiter.py · where the program was last · …─",
    "  Task-1  done     returned None main()       ▏  46 │     # Whole seconds between 1 and 7 for each …",
    "  Table 1 done     returned None table()      ▏  47 │     decide_times = {f\"Table {i}\": rng.randint…",
    "  Table 2 done     returned None table()      ▏  48 │                                               ",
    "  Table 3 done     returned None table()      ▏  49 │     with Timer(text=\"Total elapsed time: {:.1…",
    "  Table 4 done     returned None table()      ▏  50 │         # Seat every table first. create_task…",
    f"  {WAITER_SHUTDOWN[0]}  done     returned None BaseEventLoo…▏  51 │         # nothing runs until main() itself le…",
    f"  {WAITER_SHUTDOWN[1]}  done     returned None BaseEventLoo…▏  52 │         tables = [                            ",
]


async def _to_the_end(app: LoopscopeApp, *keys: str) -> str:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        while not app.run_state.finished:
            await press(pilot, *keys)
        await until(pilot, lambda: app.run_state.ended)
        return screen_text(app)


async def test_after_c_the_end_shows_the_last_step_the_time_and_every_task(
        make_app: MakeApp) -> None:
    text = await _to_the_end(make_app(program("waiter.py")), "c")
    lines = [line.rstrip() for line in text.splitlines()]
    expected = WAITER_AFTER_C.splitlines()
    # Whether the main task is still alive (and so described, done) when the final snapshot is
    # taken depends on when its last reference goes, which the debuggee's watchdog thread can
    # hold for an instant: both ends are right, each in full.
    if lines[1].startswith("  Task-1  done "):
        expected = [line.replace("  Task-1  ended    ran freely: not followed m…▏",
                                 "  Task-1  done     returned None main()       ▏")
                        .replace(" await chain of Task-1: none (ran freely: not…▏",
                                 " await chain of Task-1: none (returned None)  ▏")
                    for line in expected]
    assert lines == expected


async def test_after_n_the_end_shows_how_each_task_ended(make_app: MakeApp) -> None:
    lines = (await _to_the_end(make_app(program("waiter.py")), "n")).splitlines()
    assert lines[:8] == WAITER_STEPPED_TASKS
    assert lines[18] == " await chain of Task-1: none (returned None)  " + lines[18][46:]
    # The same sentence and status bar as after c.
    assert [line.rstrip() for line in lines[-3:-1]] == WAITER_AFTER_C.splitlines()[-3:-1]


async def test_a_replay_ends_on_the_screen_of_the_live_run(make_app: MakeApp,
                                                            tmp_path: Path) -> None:
    """A recording follows every step: replayed with ``c`` or ``n``, its end is the live
    end reached with ``n``, line for line (status bar included)."""
    recording = record(tmp_path, "samples/waiter.py")
    live = await _to_the_end(make_app(program("waiter.py")), "n")
    for key in ("c", "n"):
        source = ReplaySource(str(recording))
        replay = LoopscopeApp(source, breaks=[], break_tasks=[], history_limit=1000)
        try:
            assert replay_comparable(await _to_the_end(replay, key)) == replay_comparable(live), key
        finally:
            source.stop()


async def test_a_crash_ends_with_the_exception_line_and_the_failed_tasks(
        make_app: MakeApp) -> None:
    for key in ("n", "c"):
        lines = (await _to_the_end(make_app(program("crash.py")), key)).splitlines()
        divider = ("  Divider failed   ZeroDivisionError: divisio…" if key == "n" else
                   "  Divider ended    ran freely: not followed d…")
        assert [line[:46] for line in lines[:5]] == [
            "─Tasks (0 alive, 4 seen)──────────────────────",
            "  Task-1  failed   ZeroDivisionError: divisio…",
            divider,
            f"  {CRASH_SHUTDOWN[0]}  done     returned None BaseEventLoo…",
            f"  {CRASH_SHUTDOWN[1]}  done     returned None BaseEventLoo…",
        ], key
        assert lines[0][47:] == "─Source · crash.py · ZeroDivisionError here · line …─"
        assert lines[8][47:] == " ✗ 8 │     return 1 / 0                              "
        assert lines[-4:-1] == [
            " The program crashed with ZeroDivisionError: division by zero at line 8 (exit 1); "
            "press r to        ",
            " restart" + " " * 92,
            " crashed (exit 1)  step 10 · switch 6 · t=1.0 · r restarts" + " " * 42,
        ], key


async def test_sys_exit_ends_with_its_status_and_the_task_that_called_it(
        make_app: MakeApp) -> None:
    for key in ("n", "c"):
        app = make_app(program("exit3.py"))
        lines = (await _to_the_end(app, key)).splitlines()
        # (After c, the end of asyncio.run's shutdown_asyncgens task is not reported: its
        # creation, while the loop was not running, is reported only at the next task's.)
        shown = [0, 1, 3] if key == "c" else [0, 1, 2, 3]
        assert [lines[row][:46] for row in shown] == [[
            "─Tasks (0 alive, 3 seen)──────────────────────",
            "  Task-1 failed   SystemExit: 3 main()        ",
            "  Task-2 done     returned None BaseEventLoop…",
            "  Task-3 done     returned None BaseEventLoop…",
        ][row] for row in shown], key
        assert lines[-3:-1] == [
            " The program has finished (exit 3); press r to restart" + " " * 46,
            " finished (exit 3)  step 8 · switch 4 · t=1.0 · r restarts" + " " * 42,
        ], key
