"""Where the loop is in its cycle, and which pauses belong to asyncio rather than the program.

Both questions are answered from the events of one step (what happened between two pauses),
once, when the pause arrives: ``RunState`` stores the answers in the history ``Entry``
(``phase``, ``own``), because the events themselves are not kept. Plain functions, no Textual,
so the rules can be read and tested in one place.

**The cycle.** Each turn of asyncio's ``_run_once`` computes how long it may sleep, waits for I/O
(the virtual clock jumps there instead of sleeping), moves the timers that are due to the ready
queue, and runs the ready handles. The phase strip shows the part of that cycle the last step
was in: ``ready`` (task steps and callbacks ran), ``timers`` (the clock jumped or a timer fired:
the due timers were checked), ``wait`` (an idle pause: the ready queue is empty and the loop is
about to wait for I/O or for the clock to reach its next timer).

**asyncio's own steps.** ``asyncio.run`` and ``Runner`` end a program with steps of their own:
the callback that stops the loop (``_run_until_complete_cb``) and the tasks that run
``shutdown_asyncgens`` and ``shutdown_default_executor`` (the engine marks such tasks
``internal``: their coroutine is in asyncio's files). A pause reached by such steps *only* is
asyncio's own. The engine pauses there like anywhere else (mechanism); hiding them is the front
end's choice (interaction): the debugger steps on through them while folding is on (``z``
toggles it) and skips them when walking through history, so ``space`` goes from the program's
last step straight to its end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Event = Mapping[str, Any]

#: The phases of the loop's cycle, in the order the strip shows them.
PHASES = ("ready", "timers", "wait")

#: Callbacks that are asyncio's own start-up and shutdown machinery.
OWN_CALLBACKS = frozenset({"_run_until_complete_cb()"})

#: Pause reasons that come from stepping (a breakpoint, a deadlock... is always shown).
STEPPING = frozenset({"step", "step_callback", "idle"})


def phase(events: Iterable[Event], reason: str) -> str:
    """The phase of the cycle the step before this pause was in (``PHASES``), or ``""``."""
    if reason == "idle":
        return "wait"
    kinds = set()
    for event in events:
        kind = event.get("kind")
        if kind == "clock_jumped" or (kind == "callback" and event.get("what") == "wake sleeper"):
            return "timers"
        kinds.add(kind)
    return "ready" if kinds & {"switch", "callback"} else ""


def asyncio_own(events: Iterable[Event], reason: str) -> bool:
    """True when only asyncio's own start-up/shutdown handles ran before this pause."""
    if reason not in STEPPING:
        return False
    ran = False
    for event in events:
        kind = event.get("kind")
        if kind == "switch":
            if not event.get("internal"):
                return False
            ran = True
        elif kind == "callback":
            if event.get("what") not in OWN_CALLBACKS:
                return False
            ran = True
        elif kind in ("blocked", "exception", "deadlock", "time_limit"):
            return False
    return ran


__all__ = ["PHASES", "phase", "asyncio_own", "OWN_CALLBACKS", "STEPPING"]
