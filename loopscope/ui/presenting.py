"""What the debugger does for a room: narration words and log, auto-play, folding, screenshots.

``LoopscopeApp`` (``debugger.py``) owns the panes and the one loop from events to screen; this
base class owns the keys a presenter uses on top of it, so that the debugger stays one screen's
worth of code and these choices are read in one place:

* ``w`` switches the narration between technical words and the waiter analogy (both sentences
  are in every history entry), ``j`` shows the narration log, which follows the screen;
* ``a`` auto-plays: after each pause, a one-shot timer of ``autoplay.AutoPlay.pace`` seconds
  sends the next ``step``; ``+``/``-`` change the pace, any step key or ``p`` stops it, and so
  does a pause that is not a plain step (``autoplay.stops_at``);
* ``z`` folds asyncio's own start-up and shutdown steps (``cycle.asyncio_own``), on by default.
  The engine still pauses there (it has no notion of "interesting"); the decision is made here,
  in the front end: a pause that is asyncio's own, reached by stepping, is answered at once
  with the same step command before it is drawn, and walking through history or the narration
  log skips such entries. ``z`` shows them again, as they are;
* ``x`` saves the screen as an SVG named after the program and the step on screen
  (``waiter-step-0007.svg``) in the current directory; served in a browser, the browser
  downloads it instead.

The app calls two hooks: ``_after_pause`` when a batch brought a pause or the end (it returns
True when the pause was folded away and must not be drawn), and ``_presented`` to dress the
status bar.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel
from textual.timer import Timer

from .autoplay import AutoPlay, stops_at
from .cycle import STEPPING
from .feed import EventSource
from .narration_log import NarrationLog
from .phase_strip import PhaseStrip
from .state import RunState
from .view import StatusInfo

Snapshot = dict[str, Any]


class Presenting(App[int]):
    """The presenter's keys of the debugger (a base class of ``LoopscopeApp``)."""

    # Set by LoopscopeApp.__init__ (declared here for the type checker).
    run_state: RunState
    source: EventSource
    view: int | None

    def __init__(self, narration: str = "technical") -> None:
        super().__init__()
        #: The narration's vocabulary (``w``): ``technical`` or ``waiter`` (``loopscope.narrate``).
        self.vocabulary = narration
        #: asyncio's own start-up/shutdown steps are skipped (``z`` shows them).
        self.fold = True
        self.autoplay = AutoPlay()
        self._autoplay_timer: Timer | None = None
        #: The kind of the last command that resumed the program by stepping.
        self._stepping = ""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A notice, unless the same one is still on screen (a key held at the oldest snapshot):
        a dozen stacked toasts outlived their timeout on a real terminal, until the next key
        repainted the screen."""
        if any(shown.message == message and not shown.has_expired
               for shown in self._notifications):
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- what the app provides -------------------------------------------------------------

    def _send(self, command: dict[str, Any]) -> bool:
        raise NotImplementedError

    def _draw_now(self) -> None:
        raise NotImplementedError

    def _draw_status(self) -> None:
        raise NotImplementedError

    def _shown_snapshot(self) -> Snapshot | None:
        raise NotImplementedError

    # -- hooks the app calls -----------------------------------------------------------------

    def _resumed_by(self, kind: str) -> bool:
        """A key asks to resume with ``kind``: False when it only stops auto-play."""
        if self._stop_autoplay("stopped"):
            return False
        self._stepping = kind
        return True

    def _after_pause(self, pauses: int = 1) -> bool:
        """``pauses`` pauses (or the end) arrived. True: the newest was folded away, do not
        draw it."""
        run = self.run_state
        history = run.history
        latest = history.latest
        if self.view is not None or latest is None:
            return False
        if self.fold and self._stepping in ("step", "step_callback"):
            # Each of asyncio's own pauses reached by stepping is answered by one more step.
            # Keys pressed in a burst wait in the engine as commands, which answer the pauses
            # in turn: a batch can then bring several pauses, and each own one still adds its
            # step, so the keys land where they would have landed one at a time.
            for number in range(max(history.first, history.end - pauses), history.end - 1):
                entry = history.get(number)
                if entry.own and entry.reason in STEPPING:
                    self._send({"kind": self._stepping})
            if run.paused and latest.own and latest.reason in STEPPING:
                return self._send({"kind": self._stepping})
        if self.autoplay.playing:
            why = "the end of the program" if run.finished else stops_at(latest.reason)
            if why is not None:
                self._stop_autoplay(f"stopped at {why}")
            elif run.paused:
                self._arm_autoplay()
        return False

    def _presented(self, info: StatusInfo) -> StatusInfo:
        """The status bar, with auto-play's pace while it plays."""
        if self.autoplay.playing:
            return replace(info, note=self.autoplay.words())
        return info

    def _draw_presenting(self, phase: str, snapshot: Snapshot) -> None:
        """The phase strip and the narration log, for the entry (or snapshot) on screen."""
        self.query_one(PhaseStrip).show(phase, snapshot)
        log = self.query_one(NarrationLog)
        if log.display:
            log.show(self.run_state.history, self.view, self.vocabulary, hide_own=self.fold)

    def _title_log(self) -> None:
        words = "the waiter analogy" if self.vocabulary == "waiter" else "technical"
        self.query_one(NarrationLog).border_title = f"Narration · {words} (w switches)"

    def _skip_own(self, target: int, direction: int) -> int:
        """``target`` moved past the history entries that folding hides."""
        history = self.run_state.history
        if self.fold:
            while history.first < target < history.end - 1 and history.own(target):
                target += direction
        return target

    # -- narration ----------------------------------------------------------------------------

    def action_toggle_vocabulary(self) -> None:
        self.vocabulary = "technical" if self.vocabulary == "waiter" else "waiter"
        self._title_log()
        self._draw_now()
        words = "the waiter analogy" if self.vocabulary == "waiter" else "technical words"
        self.notify(f"Narration in {words}.", timeout=3)

    def action_toggle_narration_log(self) -> None:
        log = self.query_one(NarrationLog)
        log.display = not log.display
        self._draw_now()

    def on_narration_log_entry_picked(self, message: NarrationLog.EntryPicked) -> None:
        history = self.run_state.history
        if message.number in history:
            self.view = None if message.number >= history.end - 1 else message.number
            self._draw_now()

    # -- auto-play ----------------------------------------------------------------------------

    def action_autoplay(self) -> None:
        if self._stop_autoplay("stopped"):
            return
        run = self.run_state
        if run.finished:
            self.notify("The program has finished: press r to restart it.", title="Finished")
            return
        self.autoplay.playing = True
        self._stepping = "step"
        self.notify(f"Auto-play: a step every {self.autoplay.pace:g} s; any step key or p "
                    "stops it.", timeout=3)
        if self.view is not None:
            self.view = None
            self._draw_now()
        self._draw_status()
        if run.paused:
            self._autoplay_step()

    def _arm_autoplay(self) -> None:
        if self._autoplay_timer is not None:
            self._autoplay_timer.stop()
        self._autoplay_timer = self.set_timer(self.autoplay.pace, self._autoplay_step)

    def _autoplay_step(self) -> None:
        """The timer's callback: one more switch, if still playing and paused on the present."""
        if self._autoplay_timer is not None:
            self._autoplay_timer.stop()  # called directly (tests): the armed timer is spent
            self._autoplay_timer = None
        run = self.run_state
        if self.autoplay.playing and run.paused and self.view is None:
            self._stepping = "step"
            self._send({"kind": "step"})

    def _stop_autoplay(self, why: str) -> bool:
        """Stop auto-play (saying ``why``); False if it was not playing."""
        if not self.autoplay.playing:
            return False
        self.autoplay.playing = False
        if self._autoplay_timer is not None:
            self._autoplay_timer.stop()
            self._autoplay_timer = None
        self.notify(f"Auto-play {why}.", timeout=3)
        self._draw_status()
        return True

    def action_pace_faster(self) -> None:
        self.notify(f"A step every {self.autoplay.faster():g} s.", timeout=2)
        self._draw_status()

    def action_pace_slower(self) -> None:
        self.notify(f"A step every {self.autoplay.slower():g} s.", timeout=2)
        self._draw_status()

    # -- folding and screenshots ------------------------------------------------------------------

    def action_toggle_fold(self) -> None:
        self.fold = not self.fold
        self.notify("asyncio's own start-up and shutdown steps are "
                    + ("folded away." if self.fold else "shown."), timeout=3)
        self._draw_now()

    def action_save_svg(self) -> None:
        snapshot = self._shown_snapshot()
        step = snapshot.get("step") if snapshot else None
        stem = self.source.label.removesuffix(".py").replace(os.sep, "_") or "loopscope"
        name = f"{stem}-step-{step:04d}.svg" if isinstance(step, int) else f"{stem}-final.svg"
        if self.is_web:
            # Served (loopscope serve): the file belongs to the visitor, not in the server's
            # working directory; the browser downloads it.
            self.deliver_text(io.StringIO(self.export_screenshot()), save_filename=name,
                              open_method="download", mime_type="image/svg+xml")
            self.notify(f"Screen sent to your browser as {name}", title="Screenshot")
            return
        try:
            path = self.save_screenshot(filename=name, path=os.getcwd())
        except OSError as exc:
            self.notify(f"Could not save the screenshot: {exc}", severity="error")
            return
        self.notify(f"Screen saved as {path}", title="Screenshot")


__all__ = ["Presenting"]
