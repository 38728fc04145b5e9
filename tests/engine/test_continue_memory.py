"""Continuing keeps nothing per switch (issue 14, item 3).

A program printing under ``c`` once grew without bound: every write was kept for the report of
a step (``last.output`` of the next snapshot) that only a followed step ever cleared. The
output is sent as events anyway; what a step report needs is its last 20 pieces, and only
while stepping. The program below prints 20,000 lines under ``continue`` and then says how
many pieces the engine holds.
"""

from __future__ import annotations

from ._support import PROGRAMS
from .test_interactive import Driver


def test_output_under_continue_is_not_kept() -> None:
    driver = Driver(str(PROGRAMS / "print_under_continue.py"))
    try:
        driver.pause()
        driver.send("continue")
        driver.wait_end(timeout=120)
    finally:
        driver.close()
    said = "".join(e["text"] for e in driver.events
                   if e["kind"] == "output" and e["stream"] == "stderr")
    printed = sum(e["text"].count("\n") for e in driver.events
                  if e["kind"] == "output" and e["stream"] == "stdout")
    assert printed == 20_000
    held = int(said.split("held ")[1].split()[0])
    assert held <= 20, said


def test_a_step_still_reports_what_it_printed() -> None:
    driver = Driver(str(PROGRAMS / "print_under_continue.py"))
    try:
        driver.pause()
        driver.step()
        paused = driver.step()
    finally:
        driver.close()
    assert paused["snapshot"]["last"]["output"] == ["line 1\n"]
