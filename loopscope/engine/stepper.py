"""``Stepper``: the controller that decides where the loop pauses and what it reports.

The loop (``loop.py``) only offers hooks; this class gives them meaning: the run modes that the
protocol's commands name (``step``: until the next task step, ``step_callback``: the next handle,
``continue``, ``run_to_task``), line and task breakpoints, the events of a trace (``switch``,
``callback``, ``task_created``, ``task_done``, ``clock_jumped``, ``blocked``, ``deadlock``) and the
summary of the last step that a snapshot carries. It is also the one place that changes the order
of the ready queue: ``run_next`` (the user picks the entry that runs next) and ``--shuffle``
(a seeded ``random.Random`` picks among the ready task steps at every switch) both end in
``_apply_pick``, which emits a ``chosen`` event, so that a trace or a recording holds every
choice and a replay shows the same run. It talks to the outside only through a
``channel`` (``emit`` an event, ``next_command`` while paused), so it never knows whether a UI,
a tracer or a test is listening.

Cost is kept where it is paid for: ``summary`` mode counts and nothing else; ``trace`` mode finds
each task's line before and after its step; only ``interactive`` mode tags why each handle became
ready and times each step. When continuing with no breakpoints the loop is unhooked entirely and
other threads hook it again (``request_pause``, ``request_progress``) by setting one attribute.
"""

from __future__ import annotations

import asyncio
import os
import random
import select
import sys
import weakref
from collections import deque
from typing import Any, Protocol

from . import snapshot
from .breaking import Breaking, user_location
from .breakpoints import Breakpoints
from .choosing import Choosing
from .clock import VirtualClock, real_perf_counter
from .deadlock import Deadlocking
from .emitting import Emitting
from .incremental import Snapshots
from .lifecycle import Lifecycle
from .linestep import LineTracer
from .linewatch import LineWatch
from .loop import Controller, SteppingEventLoop
from .modes import CONTINUE, LINE_STEP, RUN_NEXT, RUN_TO_TASK, STEP, STEP_CALLBACK
from .snapshot import Describer

#: Pieces of output a step report (``last.output``) carries: the step's last ones.
STEP_OUTPUT = 20


class Channel(Protocol):
    def emit(self, message: dict[str, Any], flush: bool = False) -> None: ...

    def next_command(self) -> dict[str, Any]: ...

    def flush(self) -> None: ...


class Stepper(Breaking, Choosing, Emitting, Lifecycle, Deadlocking, Controller):
    def __init__(self, channel: Channel, clock: VirtualClock, mode: str = "interactive",
                 time_limit: float | None = None) -> None:
        self.channel = channel
        self.clock = clock
        self.mode = mode
        self.interactive = mode == "interactive"
        #: Report every step (switch/callback events, the last-step summary): always when
        #: tracing, while stepping in the UI; not while continuing (progress ticks instead).
        self._detail = mode == "trace" or self.interactive
        self.registry = snapshot.TaskRegistry()
        #: The entries sent at the last pause, to send only what changed at the next.
        self.snapshots = Snapshots(self.registry)
        self.time_limit = time_limit
        self.step = 0
        self.switches = 0
        self.callbacks = 0
        self.run_mode = STEP if self.interactive else CONTINUE
        #: True once a handle of the kind the run mode waits for has run since resuming.
        self._moved = True
        self._target_task: Any = None
        self.pause_requested = False
        #: The agent wakes a loop waiting in ``select`` for a ``pause`` through its self-pipe;
        #: the ``_read_from_self`` that wake makes is loopscope's, not the program's: it is not
        #: counted (a trace, which never pauses, has none). True while it is still to run.
        self._wake_owed = False
        self.progress_requested = False
        #: Real seconds the last progress snapshot took to build and send (the watchdog spaces
        #: them by it).
        self.progress_cost = 0.0
        self.breakpoints = Breakpoints()
        #: 3.12+: line breakpoints filtered by ``sys.monitoring``, so that continuing past
        #: breakpoints that never hit runs unhooked; tasks that touched a line are checked.
        self._watch = LineWatch(self._touched_line)
        self._touched: list[Any] = []
        #: Tasks already suspended on a breakpoint line when it was set: checked before
        #: their next step (the hooked path) since no line event will announce them.
        self._bp_suspects: set[Any] = set()
        #: Tasks paused for suspending on a breakpoint: not paused again when they resume.
        self._bp_tasks: set[Any] = self.breakpoints.visiting
        self.break_tasks: set[str] = set()
        #: Pause when a task finishes with an exception (``set_breakpoints`` ``exceptions``).
        self.break_exceptions = False
        self._pause_reason_next: str | None = None
        # Loops are held weakly, and let go of when they close (``detached``): a program's
        # loop must be freed when the program drops it (its ResourceWarning, its resources).
        self._loop_ref: weakref.ref[SteppingEventLoop] | None = None
        self._loop_refs: list[weakref.ref[SteppingEventLoop]] = []
        #: How many loops were attached so far (``asyncio.run`` twice makes two).
        self.loops_made = 0
        #: The snapshot taken as the last loop closed, for ``final_snapshot`` at the end.
        self._closing_snapshot: dict[str, Any] | None = None
        self.origin: float | None = None
        self.why: dict[int, tuple[Any, str]] = {}
        self.last: dict[str, Any] | None = None
        #: What the step under way printed, for ``last.output``: the agent's output streams
        #: append every write while interactive, also under ``continue``, where no step report
        #: clears it; so only the last pieces the report shows are kept (the output itself goes
        #: out as ``output`` events as it is written).
        self._step_output: deque[str] = deque(maxlen=STEP_OUTPUT)
        self._from: tuple[str | None, int | None] = (None, None)
        self._t0 = 0.0
        self._ready_before = 0
        self._created: list[str] = []
        self.paused = False
        #: Tasks created since the last hook, with whether their first step ran eagerly.
        self._unreported: list[tuple[Any, bool, Any]] = []
        #: ``--shuffle SEED``: picks the task step that runs at each switch.
        self.shuffle: random.Random | None = None
        self.shuffle_seed: int | None = None
        #: A handle picked to run instead of the one the loop popped (handed back to it).
        self._swap: Any = None
        #: The handle the user picked with ``run_next``: the step counts from after it.
        self._picked: Any = None
        #: The handle the loop popped while ``before_handle`` checks breakpoint lines first.
        self._popped: Any = None
        #: The ``deadlock`` event, once one was found: its wait-for graph goes in the snapshot
        #: of the deadlock pause too.
        self.deadlock_report: dict[str, Any] | None = None
        #: Why the debuggee is paused now (None while running).
        self.pause_reason: str | None = None
        #: Real seconds after which a step is marked ``blocking`` (``--slow``).
        self.slow = 0.1
        #: Task id -> the longest a step of it held the loop past ``slow`` (real seconds).
        self.blocking: dict[str, float] = {}
        #: Virtual seconds ``time.sleep`` took in the handle now running (virtual clock).
        self._slept = 0.0
        #: Extra fields for the next ``paused`` event (``breakpoint()``: its file and line).
        self._pause_fields: dict[str, Any] = {}
        #: Line stepping: the tracer while the task's step runs, the lines it walked, and the
        #: task switches that ran before it.
        self._line_tracer: LineTracer | None = None
        self._walk: list[list[Any]] = []
        self._walk_before: list[str] = []
        #: The last walk, for the snapshot of the pause that ends it.
        self._line_report: dict[str, Any] | None = None

    # -- hooks --------------------------------------------------------------------------------

    @property
    def loop(self) -> SteppingEventLoop | None:
        """The loop attached last, while it is open."""
        ref = self._loop_ref
        return ref() if ref is not None else None

    @property
    def loops(self) -> list[SteppingEventLoop]:
        """The loops attached and not closed yet (their counts are not taken in yet)."""
        return [loop for ref in self._loop_refs if (loop := ref()) is not None]

    def attached(self, loop: SteppingEventLoop) -> None:
        self._loop_refs.append(weakref.ref(loop))
        self._loop_ref = weakref.ref(loop)
        self.loops_made += 1
        self._closing_snapshot = None
        if self.origin is None:
            # Virtual time stands still from the first loop on (it followed real time while
            # the program started): t=0 is now, the same in every run.
            self.clock.outside_since = None
            self.clock.settle()
            self.origin = self.clock.now()
        self.snapshots.invalidate()
        if self.interactive and self.clock.virtual:
            self.snapshots.watch_timers(loop)
        self._rehook()

    def _rehook(self) -> None:
        self._detail = self.mode == "trace" or (self.interactive and self.run_mode != CONTINUE)
        loop = self.loop
        if loop is None:
            return
        # Breakpoints only pause an interactive run; a tracer runs past them unhooked. Lines
        # that can hit are watched by ``sys.monitoring`` (3.12+) or checked inline by the loop
        # after each task step (``_line_breaks``, which also ends visits); suspects, touched
        # tasks and (watched) a task still visiting the line it paused on need the hook.
        checked = self.interactive and self.breakpoints.live
        watched = not checked or (not self._bp_suspects and not self._touched
                                  and not (self._watch.active and self._bp_tasks))
        loop._line_breaks = self.breakpoints if checked and not self._watch.active else None
        free = (not self._detail and watched and not self.break_tasks
                and not self.break_exceptions
                and not self.pause_requested and not self.progress_requested
                and self._pause_reason_next is None and not self._unreported
                and self.shuffle is None and self.run_mode == CONTINUE
                and not self._wake_owed)  # hooked, the owed wake is told from the others
        loop._hooked = not free
        if self.pause_requested or self.progress_requested:
            # Another thread may have asked between the test above and the store: keep it.
            loop._hooked = True
        loop._counting = True

    def detached(self, loop: SteppingEventLoop) -> None:
        if loop is self.loop:
            if self.interactive:
                # The end screen shows the loop as the program left it: taken now, since the
                # loop may be gone by the time the program ends.
                try:
                    self._closing_snapshot = self.final_snapshot()
                except Exception:
                    self._closing_snapshot = None
            self._loop_ref = None
        self._sync_counts(loop)
        self._loop_refs = [ref for ref in self._loop_refs if ref() not in (None, loop)]
        self.snapshots.release()

    def virtual_time(self) -> float:
        """Virtual seconds from the first loop's start to the last one's stop (``summary``)."""
        if self.origin is None:
            return 0.0
        end = self.clock.stopped_at if self.clock.stopped_at is not None else self.clock.now()
        return round(end - self.origin, 6) if self.clock.virtual else round(
            self.clock.elapsed(), 6)

    def _sync_counts(self, loop: SteppingEventLoop) -> None:
        """Take in the steps the loop ran unhooked (counted, not seen)."""
        tasks, callbacks = loop._task_steps, loop._callback_steps
        loop._task_steps = loop._callback_steps = 0
        if tasks or callbacks:
            self.snapshots.invalidate()  # steps ran unseen: describe everything again
        self.switches += tasks
        self.callbacks += callbacks
        self.step += tasks + callbacks

    def request_pause(self) -> None:
        """From any thread: pause before the next handle."""
        self.pause_requested = True
        if self.loop is not None:
            self.loop._hooked = True

    def request_progress(self) -> None:
        """From any thread: emit a progress snapshot before the next handle."""
        self.progress_requested = True
        if self.loop is not None:
            self.loop._hooked = True

    def before_handle(self, loop: SteppingEventLoop, handle: Any, task: Any) -> Any:
        chosen = None
        if loop._task_steps or loop._callback_steps:
            self._sync_counts(loop)
        if self._touched:
            # The loop has popped ``handle``: a pause in there must list it, first, as next.
            self._popped = handle
            self._check_touched()
            self._popped = None
            if self._swap is not None:  # the user picked another entry (run_next)
                handle, task, chosen = self._take_swap()
        if self._unreported:
            self.flush_output()
            self._report_new(loop)
        if self.shuffle is not None and task is not None:
            self.flush_output()
            self._shuffle(loop, handle)
            if self._swap is not None:
                handle, task, chosen = self._take_swap()
        reason = self._pause_reason(task)
        if reason is not None and self.interactive:  # a tracer never pauses
            self.flush_output()
            if task is not None and not self.registry.known(task):
                self._first_sight(loop, task, eager_step=False)
            self.pause(loop, reason, handle)
            if self._swap is not None:  # the user picked another entry (run_next)
                handle, task, chosen = self._take_swap()
        elif self.progress_requested:
            self.progress_requested = False
            self.flush_output()
            started = real_perf_counter()
            self.channel.emit({"kind": "progress", **self.snapshot_fields(loop, handle)},
                              flush=True)
            self.progress_cost = real_perf_counter() - started
            if self.run_mode == CONTINUE:
                self.snapshots.invalidate()
            self._rehook()
        if not self._detail:
            return chosen
        self.flush_output()
        if task is not None:
            if not self.registry.known(task):
                self._first_sight(loop, task, eager_step=False)
            self._from = snapshot.task_location(task)
        else:
            self._from = (None, None)
        if self.interactive:
            self._ready_before = len(loop._ready)
            self._step_output.clear()
            self._created = []
        if self.run_mode == LINE_STEP and task is not None and task is self._target_task:
            self._start_walk(task)
        self._slept = 0.0  # what unhooked handles slept is theirs, not this one's
        self._t0 = real_perf_counter()  # last: the bookkeeping above is not the step's time
        return chosen

    def before_wait(self, loop: SteppingEventLoop) -> None:
        """Stepping, and the ready queue ran dry: pause with the timers still pending, so the
        user sees what the loop will wait for ("idle") before the clock moves."""
        if self._touched:
            if loop._task_steps or loop._callback_steps:
                self._sync_counts(loop)
            self._check_touched()
        if self.progress_requested and self.interactive and not loop._ready:
            # About to wait (for I/O, a thread, a real timer): a progress snapshot now tells
            # the front end what the loop waits for, rather than the last handle it ran.
            self.progress_requested = False
            self.flush_output()
            self.channel.emit({"kind": "progress", "snapshot": self.snapshot(loop, None)},
                              flush=True)
            self._rehook()
        if self._pause_reason_next is not None and self.interactive:
            reason, self._pause_reason_next = self._pause_reason_next, None
            self.flush_output()
            self.pause(loop, reason, None)  # breakpoint(): the handle that called it is over
            return
        if not self.interactive or self.run_mode not in (STEP, STEP_CALLBACK) or not self._moved:
            return
        if not loop._scheduled and not loop._signal_handlers and not loop._external_pending():
            return  # nothing can ever come: the deadlock report pauses instead
        if loop._task_steps or loop._callback_steps:
            self._sync_counts(loop)
        self.flush_output()
        if self._unreported:
            self._report_new(loop)
        self.pause(loop, "idle", None)
        # No step ran from here: the next one the mode waits for pauses before it runs.
        self._moved = True

    def _pause_reason(self, task: Any) -> str | None:
        if self.pause_requested:
            self.pause_requested = False
            return "pause"
        if self._pause_reason_next is not None:
            reason, self._pause_reason_next = self._pause_reason_next, None
            return reason
        mode = self.run_mode
        if mode == STEP:
            if task is not None and self._moved:
                return "step"
        elif mode == STEP_CALLBACK:
            if self._moved:
                return "step_callback"
        elif mode == RUN_TO_TASK:
            if task is not None and task is self._target_task:
                return "task"
        if task is not None:
            if self.break_tasks and task.get_name() in self.break_tasks:
                return f"breakpoint on task {task.get_name()}"
            # A task reaches a breakpoint line by a step, and every step is checked after it
            # ran (hooked, or through the line watch); only a task that sat there before the
            # breakpoint existed (or before its first step) is checked as it resumes.
            if task in self._bp_suspects:
                hit = self.breakpoints.hit(task.get_coro())
                if hit is not None:
                    return f"breakpoint at line {hit[1]}: task {task.get_name()} resumes"
        return None

    def after_handle(self, loop: SteppingEventLoop, handle: Any, task: Any) -> None:
        if self._picked is not None and handle is self._picked:
            # The user's pick ran: from here the step goes on as ``step`` would.
            self._picked = None
            self._moved = True
        if self._wake_owed and handle is _self_reader(loop):
            self._wake_owed = False  # the pause's wake: no step of the program's
            self._rehook()
            return
        # Hooked, every task step is checked below: the line watch has nothing to add.
        if self._touched:
            self._touched.clear()
        if task is not None and (self._bp_suspects or self._bp_tasks):
            # It ran: it left whatever line it sat on (suspected, or paused at).
            self._bp_suspects.discard(task)
            self._bp_tasks.discard(task)
            if not self._detail:
                self._rehook()  # the last of them may have been the hook's only reason
        if not self._detail:
            self._after_quietly(handle, task)
            return
        held = real_perf_counter() - self._t0  # first: real seconds the handle held the loop
        slept, self._slept = self._slept, 0.0
        if self._line_tracer is not None:
            self._line_tracer.stop()
        self.flush_output()
        if self._unreported:
            self._report_new(loop)
        self.step += 1
        if task is None:
            self.callbacks += 1
            if self.run_mode == STEP_CALLBACK:
                self._moved = True
            if self._detail:
                self.channel.emit({"kind": "callback", "step": self.step,
                                   "what": self._describer(loop).callback(handle),
                                   "t": self._t(loop)})
            if self.interactive:
                self.snapshots.callback_ran(handle)
                self._tag_new(loop, self._describer(loop).woken_by(handle))
            return
        self.switches += 1
        if self.run_mode in (STEP, STEP_CALLBACK):
            self._moved = True
        if self.mode == "summary":
            return
        if self.interactive:
            self.snapshots.touch(self.registry.id_of(task))
        frames = snapshot.await_chain(task)  # walked once: location and what it awaits
        file, line = snapshot.task_location(task, frames)
        if self._detail:
            event: dict[str, Any] = {
                "kind": "switch", "step": self.step, "switch": self.switches,
                "task_id": self.registry.id_of(task), "task": task.get_name(),
                "from_file": self._from[0], "from_line": self._from[1],
                "file": file, "line": line, "t": self._t(loop), "cpu": round(held, 6),
            }
            blocked = max(held, slept)  # real time, or time.sleep on the virtual clock
            if blocked >= self.slow:
                event["blocking"] = round(blocked, 3)  # it held the loop past --slow
                self.note_blocking(event["task_id"], round(blocked, 3))
            if self.registry.internal(task):
                event["internal"] = True
            if task.done():
                event["done"] = True
            else:
                event["awaiting"] = self._awaiting(loop, task, frames)
            self.channel.emit(event)
        if self.interactive:
            self.last = {
                "task_id": self.registry.id_of(task), "task": task.get_name(),
                "from_file": self._from[0], "from_line": self._from[1],
                "file": file, "line": line, "cpu": round(held, 6),
                "output": list(self._step_output), "created": self._created,
                "done": task.done(),
            }
            self._tag_new(loop, f"result set by task {task.get_name()}",
                          f"created by task {task.get_name()}")
        if self.breakpoints.live and not task.done():
            self._check_suspended_at(task)
        if task.done():
            self._task_done(task)
            self._check_exception(task)
        if self.run_mode == LINE_STEP:
            if self._line_tracer is not None and task is self._target_task:
                self._end_walk(loop, task, line)
            else:
                self._walk_before.append(task.get_name())

    def note_blocking(self, task_id: str, seconds: float) -> None:
        """A step of ``task_id`` held the loop ``seconds`` (the watchdog calls this too)."""
        if seconds > self.blocking.get(task_id, 0.0):
            self.blocking[task_id] = seconds

    # -- line stepping ------------------------------------------------------------------------

    def _start_walk(self, task: Any) -> None:
        tid, name = self.registry.id_of(task), task.get_name()
        walk = self._walk = []

        def sink(file: str, line: int, function: str) -> None:
            walk.append([file, line, function])
            self.channel.emit({"kind": "line", "task_id": tid, "task": name, "file": file,
                               "line": line, "function": function})

        self._line_tracer = LineTracer(
            sink, notice=lambda text: self.channel.emit({"kind": "message", "text": text}))
        self._line_tracer.start()

    def _end_walk(self, loop: SteppingEventLoop, task: Any, line: int | None) -> None:
        """The line-stepped task suspended (or ended): pause, the walk in the snapshot."""
        self._line_tracer = None
        self._target_task = None
        where = "finished" if task.done() else f"suspended at line {line}"
        self._line_report = {
            "task_id": self.registry.id_of(task), "task": task.get_name(),
            "lines": self._walk, "switches_before": self._walk_before}
        self.flush_output()
        count = len(self._walk)
        self.pause(loop, f"line step: task {task.get_name()} ran {count} "
                   f"line{'s' if count != 1 else ''}, {where}", None)

    def totals(self) -> tuple[int, int]:
        """(task steps, other callbacks) run so far, hooked or counted by the loops."""
        switches = self.switches + sum(loop._task_steps for loop in self.loops)
        callbacks = self.callbacks + sum(loop._callback_steps for loop in self.loops)
        return switches, callbacks

    def _after_quietly(self, handle: Any, task: Any) -> None:
        """After a handle while continuing: count it, check breakpoints, nothing else."""
        self.step += 1
        if task is None:
            self.callbacks += 1
            self.snapshots.callback_ran(handle)
            return
        self.switches += 1
        if not self.snapshots.stale:
            self.snapshots.touch(self.registry.id_of(task))
        if self._unreported or task.done():
            self.flush_output()
            if self._unreported and self.loop is not None:
                self._report_new(self.loop)
            if task.done():
                self._task_done(task)
                self._check_exception(task)
        if self.breakpoints.live and not task.done():
            self._quiet_breakpoint_check(task)

    def _tag_new(self, loop: SteppingEventLoop, reason: str, first_step: str = "") -> None:
        """Say why each handle appended to the ready queue by the last handle is there."""
        ready = loop._ready
        for index in range(self._ready_before, len(ready)):
            handle = ready[index]
            why = reason
            if first_step:
                owner = getattr(handle._callback, "__self__", None)
                coro = snapshot.task_coro(owner) if hasattr(owner, "get_coro") else None
                if coro is not None and snapshot.not_started(coro):
                    why = first_step
            self.why[id(handle)] = (handle, why)

    def clock_jumped(self, loop: SteppingEventLoop, old: float, new: float) -> None:
        if self._detail:
            self.channel.emit({"kind": "clock_jumped", "from": self._t_of(old),
                               "to": self._t_of(new)})
        if self.time_limit is not None and self._t_of(new) > self.time_limit:
            self.channel.emit({"kind": "time_limit", "t": self._t_of(new)}, flush=True)
            if self.interactive:
                self.time_limit += self.time_limit
                self._pause_reason_next = "time limit"
                loop._hooked = True
            else:
                raise TimeLimitReached(self.time_limit)

    # -- blocking -----------------------------------------------------------------------------

    def on_sleep(self, seconds: float, frame: Any) -> None:
        """The loop's thread called ``time.sleep`` (virtual clock): the loop is blocked."""
        loop = asyncio._get_running_loop()
        if loop is None or self.mode == "summary":
            return
        file, line = user_location(frame)
        task = asyncio.current_task(loop)
        self._slept += seconds
        if task is not None and seconds >= self.slow:
            self.note_blocking(self.registry.id_of(task), round(seconds, 3))
        event: dict[str, Any] = {"kind": "blocked", "seconds": seconds, "file": file,
                                 "line": line, "ongoing": False, "call": "time.sleep"}
        if task is not None:
            event.update(task_id=self.registry.id_of(task), task=task.get_name())
        self.channel.emit(event, flush=True)

    # -- pausing ------------------------------------------------------------------------------

    def pause(self, loop: SteppingEventLoop, reason: str, next_handle: Any) -> None:
        """Block the loop's thread until a command resumes it. Only called between handles."""
        if next_handle is None:
            next_handle = self._popped
        self.flush_output()
        self.paused = True
        self.pause_reason = reason
        fields, self._pause_fields = self._pause_fields, {}
        try:
            self.channel.emit({"kind": "paused", "reason": reason,
                               **self.snapshot_fields(loop, next_handle), **fields},
                              flush=True)
            while True:
                command = self.channel.next_command()
                kind = command["kind"]
                if kind == "snapshot":
                    # Whole and described afresh (a front end asks when it lost track), and
                    # leaving the deltas' base alone: the next delta is still from the last
                    # one sent, so the two can be compared (tests/engine/test_deltas.py).
                    self.channel.emit({"kind": "paused", "reason": reason,
                                       "snapshot": self.fresh_snapshot(loop, next_handle)},
                                      flush=True)
                    continue
                if kind == "set_breakpoints":
                    self.set_breakpoints(command)
                    continue
                if kind == "quit":
                    # Leave at once: raising into the program would run its cleanup, which
                    # may restart the loop and pause again.
                    self.channel.flush()
                    os._exit(0)
                pick: tuple[list[Any], int] | None = None
                if kind in (STEP, STEP_CALLBACK, CONTINUE):
                    self.run_mode = kind
                    if kind == CONTINUE:
                        self.last = None  # steps until the next pause are not followed
                elif kind == RUN_NEXT:
                    pick = self._check_pick(loop, next_handle, command)
                    if pick is None:
                        continue
                    self.run_mode = str(command.get("mode", STEP))
                elif kind in (RUN_TO_TASK, LINE_STEP):
                    target = self.registry.get(command["task_id"])
                    if target is None or target.done():
                        self.channel.emit({"kind": "error", "message":
                                           f"no live task {command['task_id']}"}, flush=True)
                        continue
                    self.run_mode, self._target_task = kind, target
                    self._walk_before = []
                else:
                    continue
                if self.run_mode == CONTINUE:
                    self.snapshots.invalidate()  # steps on the way are not followed
                self._moved = False
                self.pause_requested = False
                if reason == "pause":
                    # The agent handled that ``pause`` (and its wake) before this command.
                    self._wake_owed = _wake_pending(loop, next_handle)
                self._rehook()
                self.channel.emit({"kind": "resumed", "mode": kind}, flush=True)
                if pick is not None:
                    self._apply_pick(loop, next_handle, *pick, by="user")
                return
        finally:
            self.paused = False
            self.pause_reason = None

    # -- helpers ------------------------------------------------------------------------------

    def flush_output(self) -> None:
        """Send the program's output written since the last newline (set by the agent)."""

    def _awaiting(self, loop: SteppingEventLoop, task: Any,
                  frames: list[Any] | None = None) -> str:
        """What ``task`` awaits, in words; never raises into the program."""
        try:
            chain = snapshot.await_chain(task) if frames is None else frames
            return self._describer(loop).awaiting(task, chain)
        except Exception as exc:  # a describer bug must not break the user's program
            self.engine_error("describing a task", exc)
            return "?"

    def engine_error(self, doing: str, exc: BaseException) -> None:
        """Report a bug of loopscope's own as an ``error`` event and carry on."""
        self.channel.emit({"kind": "error", "message":
                           f"loopscope internal error while {doing}: "
                           f"{type(exc).__name__}: {exc}"}, flush=True)

    def _describer(self, loop: SteppingEventLoop) -> Describer:
        return Describer(self.registry, loop, self.origin or self.clock.base)

    def _t(self, loop: SteppingEventLoop) -> float:
        return self._t_of(loop.time())

    def _t_of(self, loop_time: float) -> float:
        return round(loop_time - (self.origin or self.clock.base), 6)


class TimeLimitReached(BaseException):
    """The virtual clock passed ``--time-limit`` in a run that cannot pause."""


def _self_reader(loop: Any) -> Any:
    """The handle that runs ``_read_from_self`` when the loop's self-pipe is readable."""
    try:
        return loop._selector.get_key(loop._ssock.fileno()).data[0]
    except (AttributeError, KeyError, ValueError, OSError, TypeError):
        return None


def _wake_pending(loop: Any, next_handle: Any) -> bool:
    """At a pause: has a wake of the self-pipe not run yet (its byte unread, or its handle
    ready)? Only ours comes in a pause's instant, barring a thread's ``call_soon_threadsafe``
    or a signal in that same instant (that one ``_read_from_self`` then goes uncounted)."""
    reader = _self_reader(loop)
    if reader is None:
        return False
    if next_handle is reader or any(handle is reader for handle in loop._ready):
        return True
    try:
        return bool(select.select([loop._ssock], [], [], 0)[0])
    except (OSError, ValueError):
        return False


def thread_location(thread_ident: int) -> tuple[str | None, int | None]:
    """Where a thread is now, in user code if possible (for the watchdog)."""
    frame = sys._current_frames().get(thread_ident)
    return user_location(frame)


__all__ = ["Stepper", "TimeLimitReached", "thread_location"]
