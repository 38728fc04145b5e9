"""Textual's frame rate under loopscope (``ui/frames.py``), in fresh interpreters."""

from __future__ import annotations

import os
import subprocess
import sys

from loopscope.ui.frames import FPS

PROBE = ("import os; from loopscope.ui.debugger import LoopscopeApp; "
         "import textual.constants, textual.screen; "
         "print(textual.constants.MAX_FPS, round(1 / textual.screen.UPDATE_PERIOD), "
         "os.environ.get('TEXTUAL_FPS'))")


def _probe(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    done = subprocess.run([sys.executable, "-c", PROBE], env={**clean, **env},
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_app_paints_up_to_fps_frames_and_leaves_no_trace_in_the_environment() -> None:
    # Nothing in the environment afterwards: the debuggee started from here never sees it.
    assert _probe() == f"{FPS} {FPS} None"


def test_the_users_own_setting_wins() -> None:
    assert _probe(TEXTUAL_FPS="30") == "30 30 30"
