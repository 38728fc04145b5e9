"""Textual's frame rate for loopscope, set before Textual is imported.

Textual paints at most ``TEXTUAL_FPS`` frames a second (60 by default), on a fixed grid of
slots: once a frame is out, the next one waits for the next slot. A step's pause is drawn a few
milliseconds after the key, so its frame waited for the slot: 8 ms on average, up to 16.7.
Measured in the real app (``benchmarks.screen``, 10 tasks): from the panes updated to the
frame, 13.5 ms median at 60 frames a second, 1.3 ms at 240. loopscope's own redraws are few
(one a step; ten a second at most while the program runs), so the higher ceiling costs nothing
when nothing moves.

Textual reads ``TEXTUAL_FPS`` once, when ``textual.constants`` is imported; it is set for that
import only, so that the program under the debugger (started from this process, maybe a Textual
app itself) never sees it. A ``TEXTUAL_FPS`` of the user's wins, and so does a Textual already
imported (the tests' Pilot).
"""

from __future__ import annotations

import os
import sys

#: Frames a second at most.
FPS = 240

if "textual.constants" not in sys.modules and "TEXTUAL_FPS" not in os.environ:
    os.environ["TEXTUAL_FPS"] = str(FPS)
    try:
        import textual.constants  # noqa: F401  (reads TEXTUAL_FPS, once)
    finally:
        del os.environ["TEXTUAL_FPS"]
