"""A step that held the loop past ``--slow`` is marked as blocking once it returned."""

from __future__ import annotations

from ._support import SAMPLES, loopscope, normalize_text, of_kind, trace_json


def test_the_trace_line_of_a_blocking_step_says_so() -> None:
    proc = loopscope("trace", SAMPLES / "blocking_call.py", timeout=30)
    assert proc.returncode == 0
    lines = normalize_text(proc.stderr).splitlines()
    marked = [line for line in lines if "BLOCKING" in line]
    assert marked == ["[   12] t=1.5      Task-#         blocking_call.py:41  finished  "
                      "BLOCKING: the step held the loop 0.5 s"]


def test_the_switch_event_carries_how_long_the_step_held_the_loop() -> None:
    events, _, code = trace_json(SAMPLES / "blocking_call.py", timeout=30)
    assert code == 0
    marked = [(e["switch"], e["blocking"]) for e in of_kind(events, "switch") if "blocking" in e]
    assert marked == [(12, 0.5)]
