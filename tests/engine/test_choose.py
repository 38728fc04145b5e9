"""Choosing the next task: ``run_next`` and ``--shuffle`` reorder the ready queue.

``programs/race.py`` is a lost update: three tasks read a shared counter, yield with
``sleep(0)``, and write it back plus one. In creation order (plain python) every task reads 0
and the counter ends at 1. These tests pin what a choice does, event by event: the picked entry
runs first, the others keep their order, a ``chosen`` event says so, and a bad pick is an
``error`` that leaves the debuggee paused. ``--shuffle SEED`` makes the same choices every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ._support import PROGRAMS, loopscope, normalize, program_output, python, trace_json
from .test_interactive import Driver

RACE = str(PROGRAMS / "race.py")


@pytest.fixture
def race() -> Iterator[Driver]:
    driver = Driver(RACE)
    yield driver
    driver.close()


def ready(paused: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["what"], r["why"]) for r in normalize(paused["snapshot"]["ready"])]


CREATED = "created by task Task-#"


def test_picking_the_third_task_runs_it_first(race: Driver) -> None:
    race.pause()
    paused = race.step()  # main created the three tasks
    assert ready(paused) == [("step One", CREATED), ("step Two", CREATED),
                             ("step Three", CREATED)]
    mark = len(race.events)
    paused = race.step("run_next", index=2, task_id="T4")
    assert normalize(race.events[mark:-1]) == [
        {"kind": "resumed", "mode": "run_next"},
        {"kind": "chosen", "by": "user", "index": 2, "what": "step Three", "task_id": "T4",
         "task": "Three", "first": "step One", "first_task_id": "T2", "first_task": "One",
         "step": 1, "t": 0.0},
        {"kind": "output", "stream": "stdout", "text": "Three read 0\n", "step": 1},
        {"kind": "switch", "step": 2, "switch": 2, "task_id": "T4", "task": "Three",
         "from_file": "race.py", "from_line": 13, "file": "race.py", "line": 17, "t": 0.0,
         "awaiting": "sleep(0)"},
    ]
    # The others kept their order; Three's next step queued behind them.
    assert paused["reason"] == "step"
    assert ready(paused) == [("step One", CREATED), ("step Two", CREATED),
                             ("step Three", "result set by task Three")]
    assert paused["snapshot"]["last"]["task"] == "Three"


def test_a_race_run_to_the_end_with_picks(race: Driver) -> None:
    # Let each task finish before the next one reads: the lost update does not happen.
    race.pause()
    race.step()
    race.step("run_next", index=0)                 # One reads 0
    race.step("run_next", index=2, task_id="T2")   # One again (behind Two, Three): writes 1
    race.step("run_next", index=0, task_id="T3")   # Two reads 1
    race.step("run_next", index=2, task_id="T3")   # Two (behind Three, gather's callback)
    race.send("continue")
    assert race.wait_end()["code"] == 0
    chosen = [(e["task"], e["index"], e["first_task"])
              for e in race.events if e["kind"] == "chosen"]
    assert chosen == [("One", 0, "One"), ("One", 2, "Two"), ("Two", 0, "Two"),
                      ("Two", 2, "Three")]
    text = "".join(e["text"] for e in race.events if e["kind"] == "output")
    assert text == ("One read 0\nOne wrote 1\nTwo read 1\nTwo wrote 2\nThree read 2\n"
                    "Three wrote 3\ncounter = 3\n")


def test_picking_a_callback_runs_it_then_pauses_before_the_next_task_step(race: Driver) -> None:
    race.pause()
    race.step()
    race.step("run_next", index=2)   # Three reads 0
    paused = race.step("run_next", index=2)  # Three writes 1 and finishes
    assert ready(paused) == [("step One", CREATED), ("step Two", CREATED),
                             ("gather.<locals>._done_callback()", "result set by task Three")]
    mark = len(race.events)
    paused = race.step("run_next", index=2)
    assert normalize(race.events[mark:-1]) == [
        {"kind": "resumed", "mode": "run_next"},
        {"kind": "chosen", "by": "user", "index": 2,
         "what": "gather.<locals>._done_callback()", "first": "step One",
         "first_task_id": "T2", "first_task": "One", "step": 3, "t": 0.0},
        {"kind": "callback", "step": 4, "what": "gather.<locals>._done_callback()", "t": 0.0},
    ]
    # Paused before the next task step, which is still One's: nothing else moved.
    assert (paused["reason"], paused["snapshot"]["step"]) == ("step", 4)
    assert ready(paused) == [("step One", CREATED), ("step Two", CREATED)]


def test_run_next_in_step_callback_mode_pauses_after_the_pick(race: Driver) -> None:
    race.pause()
    race.step()
    paused = race.step("run_next", index=1, mode="step_callback")
    assert paused["reason"] == "step_callback"
    assert paused["snapshot"]["last"]["task"] == "Two"
    assert ready(paused)[0] == ("step One", CREATED)


def test_a_bad_pick_is_an_error_and_stays_paused(race: Driver) -> None:
    race.pause()
    race.step()
    mark = len(race.events)
    for fields, message in [
        ({"index": 3}, "no ready entry 3 (the ready queue holds 3)"),
        ({"index": -1}, "no ready entry -1 (the ready queue holds 3)"),
        ({"index": 1, "task_id": "T2"},
         "ready entry 1 is not a step of task T2: the ready queue changed"),
        ({"index": 1, "mode": "continue"},
         "run_next mode must be step or step_callback, not 'continue'"),
    ]:
        race.send("run_next", **fields)
        assert race.until("error")["message"] == message
    race.send("run_next", index="1")  # not an int: refused by the protocol itself
    assert race.until("error")["message"] == "bad command: run_next message has a bad or " \
                                             "missing 'index'"
    again = race.step("snapshot")
    assert again["snapshot"]["step"] == 1 and again["reason"] == "step"
    assert [e["kind"] for e in race.events[mark:]] == ["error"] * 5 + ["paused"]


def test_pick_at_a_pause_after_a_step(drivers_race_break: Driver) -> None:
    # A line breakpoint pauses right after the step that suspended there: no handle has been
    # popped yet, so the pick simply moves to the front of the queue.
    driver = drivers_race_break
    driver.pause()
    paused = driver.step("continue")
    assert paused["reason"] == "breakpoint at line 17: task One suspended there"
    assert [what for what, _ in ready(paused)] == ["step Two", "step Three", "step One"]
    paused = driver.step("run_next", index=2)
    switches = [e["task"] for e in driver.events if e["kind"] == "switch"]
    assert switches[-1] == "One"
    assert paused["snapshot"]["last"]["task"] == "One"
    assert [what for what, _ in ready(paused)][:2] == ["step Two", "step Three"]


@pytest.fixture
def drivers_race_break() -> Iterator[Driver]:
    driver = Driver(RACE, breaks=[f"{RACE}:17"])
    yield driver
    driver.close()


# -- --shuffle ---------------------------------------------------------------------------------

PLAIN = "One read 0\nTwo read 0\nThree read 0\nOne wrote 1\nTwo wrote 1\nThree wrote 1\ncounter = 1\n"
#: ``--shuffle 5``: Three and Two race first, One reads after Two wrote.
SEED_5 = "Three read 0\nTwo read 0\nTwo wrote 1\nThree wrote 1\nOne read 1\nOne wrote 2\ncounter = 2\n"


def test_shuffle_is_reproducible_and_changes_the_race() -> None:
    assert python(RACE).stdout == PLAIN
    # --slow 60: no watchdog report of a slow step (real time) can differ between runs.
    first, _, code = trace_json("--shuffle", "5", "--slow", "60", RACE)
    second, _, _ = trace_json("--shuffle", "5", "--slow", "60", RACE)
    assert code == 0
    assert normalize(first) == normalize(second)
    assert program_output(first, "stdout") == SEED_5
    picks = [(e["by"], e["seed"], e["index"], e["task"], e["first_task"])
             for e in first if e["kind"] == "chosen"]
    assert picks == [
        ("shuffle", 5, 2, "Three", "One"),
        ("shuffle", 5, 1, "Two", "One"),
        ("shuffle", 5, 2, "Two", "One"),
        ("shuffle", 5, 1, "Three", "One"),
    ]  # then One is the only task step left: no choice, no draw
    # Without --shuffle nothing is chosen, and the text tracer's output is the same run's.
    plain, _, _ = trace_json(RACE)
    assert not [e for e in plain if e["kind"] == "chosen"]
    text = loopscope("trace", "--shuffle", "5", RACE)
    assert text.stdout == SEED_5
    assert "\n        shuffle: Three runs before One\n[    2] t=0        Three " in text.stderr


def test_shuffle_in_the_debugger_picks_before_the_pause() -> None:
    driver = Driver(RACE, shuffle=5)
    try:
        driver.pause()
        mark = len(driver.events)
        paused = driver.step()  # main creates One, Two, Three; the shuffle picks Three
        between = normalize(driver.events[mark:])
        kinds = [e["kind"] for e in between]
        # The pick is made before the pause, so the snapshot shows it as next.
        assert kinds[-2:] == ["chosen", "paused"]
        assert between[-2]["task"] == "Three" and between[-2]["by"] == "shuffle"
        assert ready(paused)[0] == ("step Three", CREATED)
        assert paused["snapshot"]["ready"][0]["next"] is True
    finally:
        driver.close()


def test_bad_shuffle_seed_is_one_line() -> None:
    proc = loopscope("trace", "--shuffle", "x", RACE)
    assert proc.returncode == 2
    assert proc.stderr == ("loopscope: error: argument --shuffle: invalid int value: 'x'\n")


def test_a_shuffled_recording_is_the_same_run_every_time(tmp_path: Any) -> None:
    from loopscope.recording import read_events

    runs = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.loopscope"
        # --slow 60: no watchdog report of a slow step (real time) can differ between runs.
        proc = loopscope("record", "--shuffle", "5", "--slow", "60", "-o", out, RACE)
        assert proc.returncode == 0, proc.stderr
        _, events = read_events(out)
        runs.append([e for e in normalize(list(events)) if e["kind"] != "hello"])
    assert runs[0] == runs[1]
    assert program_output(runs[0], "stdout") == SEED_5
    assert [(e["by"], e["task"]) for e in runs[0] if e["kind"] == "chosen"] == [
        ("shuffle", "Three"), ("shuffle", "Two"), ("shuffle", "Two"), ("shuffle", "Three")]
