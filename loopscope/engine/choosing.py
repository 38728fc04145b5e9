"""Choosing the next handle: the user's pick (``run_next``) and ``--shuffle``.

A race in an asyncio program is a question of which ready handle runs first; teaching one means
letting the room choose. The loop offers exactly one place where the order may change: at a
pause, before the next handle runs, the controller may hand the loop another ready handle
(``before_handle``'s answer). Everything else is bookkeeping that must stay honest: the other
entries keep their order, the handle the loop already popped goes back to the front, and every
choice is an event (``chosen``), so a trace or a recording holds it and a replay makes it again.

A mixin of ``Stepper``: it needs the stepper's channel, registry and clock, and nothing of its
modes.
"""

from __future__ import annotations

import random
from typing import Any

from .loop import TASK_TYPES, SteppingEventLoop
from .modes import STEP, STEP_CALLBACK
from .snapshot import Describer, TaskRegistry


class Choosing:
    """The choosing half of ``Stepper`` (see the module's docstring)."""

    channel: Any
    registry: TaskRegistry
    step: int
    shuffle: random.Random | None
    shuffle_seed: int | None
    _swap: Any
    _picked: Any

    def _describer(self, loop: SteppingEventLoop) -> Describer:
        raise NotImplementedError

    def _t(self, loop: SteppingEventLoop) -> float:
        raise NotImplementedError

    def _check_pick(self, loop: SteppingEventLoop, next_handle: Any,
                    command: dict[str, Any]) -> tuple[list[Any], int] | None:
        """A ``run_next`` command checked against the ready queue now: the entries as the
        snapshot lists them and the index picked, or None after an ``error`` event."""
        entries = _entries(loop, next_handle)
        index, mode = command.get("index"), command.get("mode", STEP)
        problem = None
        if not isinstance(index, int) or isinstance(index, bool) or not (
                0 <= index < len(entries)):
            problem = (f"no ready entry {index!r} (the ready queue holds {len(entries)})")
        elif mode not in (STEP, STEP_CALLBACK):
            problem = f"run_next mode must be step or step_callback, not {mode!r}"
        elif "task_id" in command and self._entry(loop, entries[index]).get(
                "task_id") != command["task_id"]:
            problem = (f"ready entry {index} is not a step of task {command['task_id']}: "
                       "the ready queue changed")
        if problem is not None or not isinstance(index, int):
            self.channel.emit({"kind": "error", "message": problem}, flush=True)
            return None
        return entries, index

    def _shuffle(self, loop: SteppingEventLoop, handle: Any) -> None:
        """``--shuffle``: pick one of the ready task steps to run at this switch.

        Only task steps take part: callbacks keep their FIFO order, which asyncio's own
        machinery (transports, futures' callbacks) relies on. A draw is made only when there is
        a choice, so one seed gives one run."""
        entries = _entries(loop, handle)
        candidates = [i for i, h in enumerate(entries) if i == 0 or _task_of(h) is not None]
        if len(candidates) < 2:
            return
        assert self.shuffle is not None
        index = candidates[self.shuffle.randrange(len(candidates))]
        self._apply_pick(loop, handle, entries, index, by="shuffle")

    def _apply_pick(self, loop: SteppingEventLoop, next_handle: Any, entries: list[Any],
                    index: int, by: str) -> None:
        """Make ``entries[index]`` the next handle to run and say so (a ``chosen`` event).

        The others keep their order. When the loop has already popped ``next_handle``, it goes
        back to the front of ``_ready`` and the loop is handed the pick (``_swap``); at a pause
        after a handle, the pick simply moves to the front."""
        picked, first = entries[index], entries[0]
        was = self._entry(loop, first)
        event: dict[str, Any] = {"kind": "chosen", "by": by, "index": index,
                                 **self._entry(loop, picked), "first": was["what"]}
        if "task_id" in was:
            event.update(first_task_id=was["task_id"], first_task=was["task"])
        event.update(step=self.step, t=self._t(loop))
        if by == "shuffle":
            event["seed"] = self.shuffle_seed
        self.channel.emit(event)
        if by == "user":
            self._picked = picked
        if picked is first:
            return
        ready = loop._ready
        # By identity: TimerHandle's == compares deadlines and callbacks, not objects.
        del ready[next(i for i, h in enumerate(ready) if h is picked)]
        if next_handle is not None:
            ready.appendleft(next_handle)
            self._swap = picked
        else:
            ready.appendleft(picked)

    def _take_swap(self) -> tuple[Any, Any, Any]:
        """The handle picked to run instead of the popped one: (handle, its task, handle)."""
        handle, self._swap = self._swap, None
        return handle, _task_of(handle), handle

    def _entry(self, loop: SteppingEventLoop, handle: Any) -> dict[str, Any]:
        """How a ready handle is named in a ``chosen`` event (as in the snapshot's list)."""
        entry: dict[str, Any] = {"what": self._describer(loop).callback(handle)}
        task = _task_of(handle)
        if task is not None:
            entry.update(task_id=self.registry.id_of(task), task=task.get_name())
        return entry


def _entries(loop: SteppingEventLoop, next_handle: Any) -> list[Any]:
    """The ready handles in the order a snapshot lists them (``ready``): the one the loop
    popped and is about to run first, then the queue without its cancelled handles."""
    entries = [next_handle] if next_handle is not None else []
    entries.extend(h for h in loop._ready if not h._cancelled)
    return entries


def _task_of(handle: Any) -> Any:
    """The task a handle steps, or None for any other callback (as the loop decides it)."""
    task = getattr(handle._callback, "__self__", None)
    return task if isinstance(task, TASK_TYPES) else None
