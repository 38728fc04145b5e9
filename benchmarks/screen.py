"""Step to screen and start-up, measured in the real app on a real terminal (a pty).

``python -m benchmarks.screen steps N STEPS OUT`` runs the debugger on ``workloads/sleepers.py``
with N tasks in this terminal and presses ``n`` STEPS times. Each key goes through the terminal
driver as a typed key does (``driver.send_message``); its time is taken there, and the step's
time ends in ``App._display`` at the first frame written to the terminal after the pause was
drawn: key, command, debuggee, delta, rebuilt snapshot, panes, compositor, terminal. The next
key is sent once that frame is out (the Pilot's idle waits, 40 ms a press, are not involved).
OUT gets the times as JSON, and each step's three phases: *reply* (key to the pause's events
handled by the app: the command's trip, the debuggee's step and pause, the events' trip),
*update* (those events to the panes given the new snapshot) and *paint* (to the frame written:
Textual's refresh messages, compositor and terminal).

``measure_steps`` and ``measure_startup`` run those in a pty with ``pexpect`` (start-up: from
spawning ``loopscope samples/waiter.py`` to the first paint of the paused screen, seen as the
narration's text arriving on the terminal).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _app(tasks: int, steps: int, out: str) -> None:
    # The app's module first, as ``loopscope`` imports it: it sets Textual's frame rate.
    from loopscope.ui.debugger import LoopscopeApp  # isort: skip
    from textual import events

    from loopscope.session import Launch
    from loopscope.ui.feed import LiveSource

    class TimedApp(LoopscopeApp):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.times: list[float] = []
            #: Per step, where the time went: key to the pause's events in the app, those
            #: to the panes updated, those to the frame written.
            self.phases: list[tuple[float, float, float]] = []
            self._received: float | None = None
            self._updated: float | None = None
            self._sent_at: float | None = None
            self._target = 0
            self._drawn = 0
            self._first: float | None = None

        def on_loopscope_app_events_received(self, message: Any) -> None:
            # Textual calls the handler of every class of the app in turn: this one first,
            # then LoopscopeApp's (calling it from here would apply the events twice).
            if self._received is None and self._sent_at is not None and any(
                    event.get("kind") == "paused" for event in message.events):
                self._received = time.perf_counter()

        def _draw_now(self) -> None:
            super()._draw_now()
            if self._received is not None and self._updated is None:
                self._updated = time.perf_counter()
            self._drawn = self.run_state.pauses
            if self._drawn == 1 and self._first is None:
                # The first pause is before any step: continue to the breakpoint, where every
                # sleeper is asleep, and step from there.
                self._first = time.perf_counter()
                self.call_later(self.action_continue)

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if renderable is None or self._drawn < max(self._target, 2):
                return
            now = time.perf_counter()
            if self._sent_at is not None:
                self.times.append(now - self._sent_at)
                received = self._received or now
                updated = self._updated or received
                self.phases.append((received - self._sent_at, updated - received,
                                    now - updated))
                self._sent_at = self._received = self._updated = None
            if len(self.times) >= steps:
                Path(out).write_text(json.dumps({"times": self.times, "phases": self.phases}))
                self.exit(0)
                return
            if self._sent_at is None:
                self.call_later(self._press)

        def _press(self) -> None:
            if self._sent_at is not None or self._driver is None:
                return
            self._target = self.run_state.pauses + 1
            key = events.Key("n", "n")
            key.set_sender(self)
            self._sent_at = time.perf_counter()
            self._driver.send_message(key)

    script = str(HERE / "workloads" / "sleepers.py")
    launch = Launch(target=[script, str(tasks)], cwd=str(ROOT),
                    breaks=[f"{script}:17"])  # after the sleepers are asleep
    source = LiveSource(launch)
    app = TimedApp(source, breaks=launch.breaks)
    app.run()
    source.stop()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def measure_steps(tasks: int, steps: int, timeout: float = 600) -> dict[str, float]:
    import pexpect

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "times.json")
        child = pexpect.spawn(sys.executable, ["-m", "benchmarks.screen", "steps", str(tasks),
                                               str(steps), out],
                              cwd=str(ROOT), dimensions=(40, 160), env=_env(),
                              timeout=timeout)
        child.expect(pexpect.EOF)
        child.close()
        if not os.path.exists(out):
            raise RuntimeError(f"the step benchmark with {tasks} tasks wrote nothing "
                               f"(exit {child.exitstatus})")
        measured = json.loads(Path(out).read_text())
    times, phases = measured["times"], measured["phases"]
    return {"median_ms": statistics.median(times) * 1000,
            "p90_ms": _percentile(times, 0.9) * 1000, "steps": len(times),
            **{f"{name}_median_ms": statistics.median(p[at] for p in phases) * 1000
               for at, name in enumerate(("reply", "update", "paint"))}}


def measure_startup(rounds: int, cache: str | None = None) -> dict[str, float]:
    """``loopscope samples/waiter.py`` to the first painted paused screen, in a pty.

    ``cache``: a directory for compiled bytecode (``benchmarks.startup``); without it the
    environment decides (``PYTHONDONTWRITEBYTECODE`` makes each start compile loopscope)."""
    import pexpect

    from .startup import bytecode_env

    env = bytecode_env(cache) if cache is not None else _env()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        child = pexpect.spawn(sys.executable, ["-m", "loopscope", "samples/waiter.py"],
                              cwd=str(ROOT), dimensions=(40, 160), env=env, timeout=30)
        child.expect("Paused before the first switch")
        times.append(time.perf_counter() - started)
        child.send("q")
        child.expect(pexpect.EOF)
        child.close()
    return {"median_ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000}


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm-256color", COLUMNS="160",
                LINES="40")


if __name__ == "__main__":
    if sys.argv[1:2] == ["steps"]:
        _app(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        print(json.dumps({"startup": measure_startup(int(sys.argv[1]) if len(sys.argv) > 1
                                                      else 3)}))
