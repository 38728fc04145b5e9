"""``SteppingEventLoop``: the stock selector loop with one hook between two handles.

Why own ``_run_once`` rather than wrap callbacks: every handle the loop runs (task steps, timer
firings, done-callbacks, I/O callbacks) passes through the one ``for`` loop at the end of
``BaseEventLoop._run_once``, and nowhere else. Owning that method gives a pause point where no
coroutine is running (``current_task()`` is None), the ready queue is consistent and nothing is
half done, which is what makes a snapshot trustworthy. Wrapping ``call_soon`` costs more (a
closure per handle) and misses the timers that ``_run_once`` moves to the ready queue itself.

The method below is a copy of CPython's. Upstream, 3.11 and 3.12 are byte-identical; 3.13
writes the timeout clamp as an ``if``/``elif`` chain where 3.11/3.12 write ``min(max(0, ...),
MAXIMUM_SELECT_TIMEOUT)`` (the same value for every timeout); 3.14 is 3.13's text; 3.15 makes
the horizon of ready timers at least one ulp of ``now`` (gh-145703). The copy has 3.15's text,
with the ulp taken on 3.15+ only (``_ULP_END_TIME``), so each version keeps its own behaviour.
``tests/engine/test_loop_pin.py`` pins the hashes of the upstream sources so a new CPython fails
loudly instead of drifting. ``logger`` and ``_format_handle`` are module names here as they are in
``base_events`` (``logger`` forwards to ``base_events.logger`` at each use, so a patched logger
gets the slow-callback warning as with the stock loop). Apart from the ``for`` loop's indentation
(it sits in a ``try``), the copy differs in three places only, each with a comment:

1. when the loop would sleep and the clock is virtual, ``_wait_plan`` decides whether to jump the
   clock to the next timer, wait for real (something outside the process can wake the loop), or
   report that nothing can ever wake it (deadlock);
2. before and after each handle, if ``_hooked`` is set, the controller is asked (this is the only
   place a pause can happen, so every pause is between two handles); if only ``_counting`` is
   set, task steps and other callbacks are counted inline, and with ``_line_breaks`` set
   (line breakpoints, no ``sys.monitoring``) each task step's await chain is checked inline
   too, the controller being called only for a step that ended on a breakpoint line (a call
   per step costs more than the walk). The controller may answer with
   another ready handle to run first (the user picked it, or ``--shuffle`` did): the one place
   the order of the ready queue is changed, always between two handles;
3. ``_running_handle`` names the handle that holds the loop, for the watchdog thread.

``create_task`` and ``run_in_executor`` are overridden, to tell the engine about new tasks and
to count executor jobs; on the virtual clock ``call_at`` is replaced on the instance, to order
equal virtual deadlines (on the real clock the stock method runs: an override cost 2,500
instructions a timer). Each returns what the stock method returns, and ``create_task`` and
``call_at`` drop their own frame from the creation traceback that debug mode records (the
"created at" of debug messages), as the stock methods drop theirs.

When no session is attached (a plain ``SteppingEventLoop()``, as in CPython's own test suite) the
loop is the stock one: real clock, no hook, the same results. ``python -m loopscope.conformance``
checks exactly that: it runs CPython's ``test.test_asyncio`` with the stock loop and with this one
in its place and compares the results (``docs/conformance.md``). ``detach_session`` makes an
attached loop such a loop, in a forked child (``children.py``).
"""

from __future__ import annotations

import asyncio
import heapq
import inspect
import math
import sys
import threading
import weakref
from asyncio import base_events, events, tasks
from types import BuiltinMethodType, CoroutineType, GeneratorType, MethodType
from typing import Any

from .clock import VirtualClock, real_monotonic

MAXIMUM_SELECT_TIMEOUT = base_events.MAXIMUM_SELECT_TIMEOUT
_MIN_SCHEDULED_TIMER_HANDLES = base_events._MIN_SCHEDULED_TIMER_HANDLES
_MIN_CANCELLED_TIMER_HANDLES_FRACTION = base_events._MIN_CANCELLED_TIMER_HANDLES_FRACTION
_format_handle = base_events._format_handle
#: 3.15 makes the ready timers' horizon at least one ulp of ``now`` (gh-145703): on a machine
#: with a long uptime the clock's resolution is below an ulp and a timer due now could spin.
_ULP_END_TIME = sys.version_info >= (3, 15)


class _BaseEventsLogger:
    """``asyncio.base_events.logger``, looked up at each use.

    The copy of ``_run_once`` logs slow callbacks through ``logger`` as CPython's does; a name
    bound once at import would miss a patched ``asyncio.base_events.logger`` (CPython's
    ``test_log_slow_callbacks`` patches it, and so may a user's test). Forwarding keeps the
    copy's text identical to upstream and the logging where the stock loop does it."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        return getattr(base_events.logger, name)


logger: Any = _BaseEventsLogger()

#: The C task and the pure-Python one: the latter is not a subclass of the former.
TASK_TYPES: tuple[type[Any], ...] = tuple({asyncio.Task, tasks._PyTask})  # type: ignore[attr-defined]

_TASK_TYPE_SET = frozenset(TASK_TYPES)


def _step_callback_type() -> type[Any]:
    """The type of a C task's step callback (``TaskStepMethWrapper``, not importable).

    A task made on a stand-in loop hands its first step to ``call_soon``; it never runs."""

    class Probe:
        callback: Any = None

        def get_debug(self) -> bool:
            return False

        def call_soon(self, callback: Any, *args: Any, context: Any = None) -> None:
            self.callback = callback

    async def idle() -> None:
        pass

    probe, coro = Probe(), idle()
    # Named, so that asyncio's counter of automatic names ("Task-1") is left alone.
    task = asyncio.Task(coro, loop=probe, name="loopscope probe")  # type: ignore[arg-type]
    task._log_destroy_pending = False  # type: ignore[attr-defined]
    coro.close()
    return type(probe.callback)


#: Counting free-running steps by the callback's type: a C task's step has a type of its own,
#: a task's wake-up (and a pure-Python task's step) is a method bound to the task, and anything
#: else is a plain callback.
_STEP_CALLBACK = _step_callback_type()
_BOUND_TYPES = frozenset({BuiltinMethodType, MethodType})

_StockSelectorLoop: type[asyncio.AbstractEventLoop] = asyncio.SelectorEventLoop


class DeadlockError(BaseException):
    """Raised out of ``run_forever`` when tasks wait and nothing can ever wake them.

    A ``BaseException``, like ``KeyboardInterrupt``, so that ``except Exception`` in the script
    does not swallow it and the program's ``finally`` blocks still run."""


class Controller:
    """The hooks the loop calls. Subclass and override; the base does nothing.

    The loop calls ``before_handle``/``after_handle`` only while ``loop._hooked`` is true, so a
    free-running loop pays one attribute check per handle and nothing more.
    """

    def attached(self, loop: SteppingEventLoop) -> None:
        """A loop was created on the session's thread and will report to this controller."""

    def before_handle(self, loop: SteppingEventLoop, handle: Any, task: Any) -> Any:
        """About to run ``handle``; ``task`` is the task it steps, or None for a callback.

        Called between two handles with no coroutine running: the place to pause. Returns
        None, or another handle of ``loop._ready`` to run instead; the controller has then
        removed that one from ``_ready`` and put ``handle`` back at its front."""
        return None

    def before_wait(self, loop: SteppingEventLoop) -> None:
        """Nothing is ready: the loop is about to wait for a timer or for I/O.

        Called only while hooked, between two handles: a place to pause too."""

    def after_handle(self, loop: SteppingEventLoop, handle: Any, task: Any) -> None:
        """``handle`` returned (normally or by an exception that ``Handle._run`` logged)."""

    def breakpoint_line(self, loop: SteppingEventLoop, task: Any) -> None:
        """Free running with ``loop._line_breaks`` set: ``task``'s step just ended with a frame
        of its await chain on one of their lines. Called between two handles."""

    def task_created(self, loop: SteppingEventLoop, task: Any, eager_step: bool,
                     coro: Any = None) -> None:
        """``create_task`` made ``task``; ``eager_step`` if its first step already ran."""

    def clock_jumped(self, loop: SteppingEventLoop, old: float, new: float) -> None:
        """The virtual clock jumped (loop times) because nothing was ready."""

    def detached(self, loop: SteppingEventLoop) -> None:
        """``loop`` is closing (``close()``, or collected unclosed): keep no reference to it, so
        that it is freed when the program lets go of it, as a stock loop is."""

    def idle_forever(self, loop: SteppingEventLoop) -> None:
        """Nothing is ready, no timer, nothing external: no handle can ever run again.

        The default raises ``DeadlockError``; returning makes the loop block like the stock
        loop would."""
        raise DeadlockError("nothing can ever wake the waiting tasks")


_NO_CONTROLLER = Controller()


class Session:
    """What loops made on one thread share: the clock and the controller.

    The agent creates one and calls ``activate``; every ``SteppingEventLoop`` constructed on that
    thread afterwards attaches to it (``asyncio.run`` twice in a row shares one clock, as real
    time would). Loops made on other threads stay stock loops on real time."""

    current: Session | None = None

    def __init__(self, clock: VirtualClock, controller: Controller) -> None:
        self.clock = clock
        self.controller = controller
        self.thread_ident = threading.get_ident()
        #: Threads of loopscope's own, never counted as outside work to wait for.
        self.own_threads: set[int] = set()

    def activate(self) -> None:
        Session.current = self

    def deactivate(self) -> None:
        if Session.current is self:
            Session.current = None


class _SequencedTimerHandle(events.TimerHandle):
    """A timer that, at equal deadlines, fires in the order it was scheduled.

    On the real clock two timers scheduled one after the other never get equal deadlines
    (time moves between the two calls); on the virtual clock, which stands still while a handle
    runs, ``sleep(0.05)`` in twelve tasks gives twelve equal deadlines, and a heap is not stable.
    Breaking the tie by schedule order gives the order a plain run gives."""

    __slots__ = ("_seq",)

    def _repr_info(self) -> list[str]:
        # A program that prints its timers sees the stock class's name.
        info: list[str] = super()._repr_info()  # type: ignore[misc]
        info[0] = "TimerHandle"
        return info

    def __lt__(self, other: Any) -> bool:
        if isinstance(other, events.TimerHandle):
            if self._when == other._when:
                return self._seq < getattr(other, "_seq", 0)
            return self._when < other._when
        return NotImplemented

    def __gt__(self, other: Any) -> bool:
        if isinstance(other, events.TimerHandle):
            if self._when == other._when:
                return self._seq > getattr(other, "_seq", 0)
            return self._when > other._when
        return NotImplemented


_OWN_SLOTS: tuple[str, ...] = (
    "_session", "_clock", "_controller", "_hooked", "_running_handle", "_executor_futures",
    "_timer_seq", "_counting", "_task_steps", "_callback_steps", "_line_breaks")


class SteppingEventLoop(_StockSelectorLoop):  # type: ignore[valid-type,misc]
    """A selector event loop that asks a controller before every handle it runs."""

    # Slots, not instance attributes: CPython shares the keys of an instance dict only up to
    # 30 names and the stock loop already has 24; ten more turn every ``self._ready`` in
    # asyncio's own code into a dict lookup (8% more instructions a switch, measured with
    # callgrind on 200,000 ``sleep(0)`` switches).
    # (Named through a constant: the stock loop keeps its __dict__, which mypy's slot check
    # of a literal would not know.)
    __slots__ = _OWN_SLOTS

    def __init__(self, selector: Any = None) -> None:
        super().__init__(selector)
        session = Session.current
        if session is not None and session.thread_ident != threading.get_ident():
            session = None
        self._session = session
        self._clock: VirtualClock | None = session.clock if session else None
        self._controller: Controller = session.controller if session else _NO_CONTROLLER
        #: Ask the controller around each handle (set by the controller itself).
        self._hooked = False
        #: The handle now holding the loop, or None; read by the watchdog thread.
        self._running_handle: Any = None
        #: Futures of ``run_in_executor`` not known to be done (pruned when counted).
        self._executor_futures: list[Any] = []
        self._timer_seq = 0
        #: Count task steps and other callbacks while unhooked (the controller reads and
        #: resets these: they are the steps it did not see).
        self._counting = False
        self._task_steps = 0
        self._callback_steps = 0
        #: Free running with line breakpoints and no ``sys.monitoring`` (3.11): the
        #: ``Breakpoints`` to check each task step against, inline (set by the controller).
        self._line_breaks: Any = None
        if self._clock is not None and self._clock.virtual:
            # An instance attribute shadows the method: no cost for the real clock.
            self.time = self._clock.now  # type: ignore[method-assign]
            self.call_at = _sequenced_call_at(self)  # type: ignore[method-assign]
        if session is not None:
            self._controller.attached(self)

    # -- the run loop ------------------------------------------------------------------------

    def _run_once(self) -> None:
        """Run one full iteration of the event loop.

        This calls all currently ready callbacks, polls for I/O,
        schedules the resulting callbacks, and finally schedules
        'call_later' callbacks.
        """

        sched_count = len(self._scheduled)
        if (sched_count > _MIN_SCHEDULED_TIMER_HANDLES and
            self._timer_cancelled_count / sched_count >
                _MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            # Remove delayed calls that were cancelled if their number
            # is too high
            new_scheduled = []
            for handle in self._scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    new_scheduled.append(handle)

            heapq.heapify(new_scheduled)
            self._scheduled = new_scheduled
            self._timer_cancelled_count = 0
        else:
            # Remove delayed calls that were cancelled from head of queue.
            while self._scheduled and self._scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = heapq.heappop(self._scheduled)
                handle._scheduled = False

        if self._hooked and not self._ready and not self._stopping:
            # loopscope: nothing is ready, the loop is about to wait for timers or I/O: the
            # controller may pause here too (a pause between two handles, like the others).
            self._controller.before_wait(self)

        timeout = None
        if self._ready or self._stopping:
            timeout = 0
        elif self._scheduled:
            # Compute the desired timeout.
            timeout = self._scheduled[0]._when - self.time()
            if timeout > MAXIMUM_SELECT_TIMEOUT:
                timeout = MAXIMUM_SELECT_TIMEOUT
            elif timeout < 0:
                timeout = 0

        # loopscope: with a virtual clock, sleeping is decided by the wait plan.
        charge_from = None
        if timeout != 0 and self._clock is not None and self._clock.virtual:
            timeout, charge_from = self._wait_plan(timeout)

        event_list = self._selector.select(timeout)
        if charge_from is not None:
            # Waited for real on something outside the process: the clock moves as much.
            self._clock.advance(real_monotonic() - charge_from)  # type: ignore[union-attr]
        self._process_events(event_list)
        # Needed to break cycles when an exception occurs.
        event_list = None

        # Handle 'later' callbacks that are ready.
        now = self.time()
        # Ensure that `end_time` is strictly increasing
        # when the clock resolution is too small.
        # loopscope: 3.15's text (gh-145703); before 3.15 upstream adds the resolution alone.
        end_time = now + (max(self._clock_resolution, math.ulp(now)) if _ULP_END_TIME
                          else self._clock_resolution)
        while self._scheduled:
            handle = self._scheduled[0]
            if handle._when >= end_time:
                break
            handle = heapq.heappop(self._scheduled)
            handle._scheduled = False
            self._ready.append(handle)

        # This is the only place where callbacks are actually *called*.
        # All other places just add them to ready.
        # Note: We run all currently scheduled callbacks, but not any
        # callbacks scheduled by callbacks run this time around --
        # they will be run the next time (after another I/O poll).
        # Use an idiom that is thread-safe without using locks.
        # loopscope invariant: a pause happens only inside before_handle below, so only
        # between two handles, with no coroutine running.
        ntodo = len(self._ready)
        counting = self._counting
        task_steps = callback_steps = 0
        stepped = None  # a task whose step is to be checked for line breakpoints
        try:
            for i in range(ntodo):
                handle = self._ready.popleft()
                if handle._cancelled:
                    continue
                if self._hooked:
                    if task_steps or callback_steps:
                        # Counted handles come first: the controller reads the totals.
                        self._task_steps += task_steps
                        self._callback_steps += callback_steps
                        task_steps = callback_steps = 0
                    cb = handle._callback
                    task = getattr(cb, "__self__", None)
                    cb = None  # locals of ours hold no handle's callback past its turn
                    if task is not None and not isinstance(task, TASK_TYPES):
                        task = None
                    # Nothing holds the loop while the controller looks (or pauses).
                    self._running_handle = None
                    chosen = self._controller.before_handle(self, handle, task)
                    if chosen is not None:
                        # Another ready handle runs first (``run_next``, ``--shuffle``): the
                        # controller took it out of ``_ready`` and put ``handle`` back at the
                        # front, so the others keep their order and ``ntodo`` still holds.
                        handle = chosen
                        task = getattr(handle._callback, "__self__", None)
                        if task is not None and not isinstance(task, TASK_TYPES):
                            task = None
                    if handle._cancelled:  # the controller may have let the user cancel it
                        continue
                    self._running_handle = handle
                    try:
                        if not self._debug:
                            handle._run()
                        else:
                            # The stock debug branch below, line for line (the traceback
                            # of a debug-mode run reads the same, see upstream_frames).
                            try:
                                self._current_handle = handle
                                t0 = self.time()
                                handle._run()
                                dt = self.time() - t0
                                if dt >= self.slow_callback_duration:
                                    logger.warning('Executing %s took %.3f seconds',
                                                   _format_handle(handle), dt)
                            finally:
                                self._current_handle = None
                    except BaseException:
                        # SystemExit or KeyboardInterrupt out of a step: still report it.
                        self._running_handle = None
                        self._controller.after_handle(self, handle, task)
                        raise
                    self._running_handle = None
                    self._controller.after_handle(self, handle, task)
                    task = chosen = None  # (a finished task must be freed as the stock loop frees it)
                    continue
                if counting:
                    # Free running, counting only (``trace --summary``): inline, no calls.
                    # By the callback's type first: ``getattr(cb, "__self__")`` on every
                    # handle cost 5% of a switch.
                    cb = handle._callback
                    kind = type(cb)
                    if kind is _STEP_CALLBACK or (
                        kind in _BOUND_TYPES and type(cb.__self__) in _TASK_TYPE_SET
                    ):
                        task_steps += 1
                        if self._line_breaks is not None:
                            stepped = cb.__self__  # checked once it ran, below
                    else:
                        callback_steps += 1
                    cb = None
                    # ... and run by the stock branches below, debug mode included.
                if self._debug:
                    try:
                        self._current_handle = handle
                        t0 = self.time()
                        handle._run()
                        dt = self.time() - t0
                        if dt >= self.slow_callback_duration:
                            logger.warning('Executing %s took %.3f seconds',
                                           _format_handle(handle), dt)
                    finally:
                        self._current_handle = None
                else:
                    self._running_handle = handle
                    handle._run()
                if stepped is not None:
                    # Line breakpoints without ``sys.monitoring`` (3.11): did the task suspend
                    # with a frame on a breakpoint line? The walk of ``Breakpoints.hit``,
                    # inline (a call a step costs more than the walk): a frame of a file
                    # without breakpoints costs a lookup.
                    task, stepped = stepped, None
                    breaks = self._line_breaks
                    if breaks is None:  # cleared while the step ran
                        continue
                    if breaks.visiting:
                        breaks.visiting.discard(task)  # it left the line it paused on
                    files = breaks.by_filename
                    obj = task._coro
                    while True:  # no cycle: a coroutine cannot await itself
                        kind = type(obj)
                        if kind is CoroutineType:
                            code = obj.cr_code
                        elif kind is GeneratorType:
                            code = obj.gi_code
                        else:
                            break
                        lines = files.get(code.co_filename)
                        if lines is None:
                            lines = breaks.lines_of_filename(code.co_filename)
                        if lines:
                            # A file with breakpoints: where is the frame?
                            frame = obj.cr_frame if kind is CoroutineType else obj.gi_frame
                            if frame is None:
                                break
                            if frame.f_lineno in lines:
                                # A candidate: the controller decides, as after a hooked
                                # step (it reads the counts, so they go first).
                                self._task_steps += task_steps
                                self._callback_steps += callback_steps
                                task_steps = callback_steps = 0
                                self._running_handle = None
                                self._controller.breakpoint_line(self, task)
                                break
                        obj = obj.cr_await if kind is CoroutineType else obj.gi_yieldfrom
        finally:
            self._running_handle = None
            if counting:
                self._task_steps += task_steps
                self._callback_steps += callback_steps
            clock = self._clock
            if clock is not None and clock.held_since is not None:
                clock.settle()  # a handle held the loop past --slow: charge its real time
        handle = None  # Needed to break cycles when an exception occurs.

    def _wait_plan(self, timeout: float | None) -> tuple[float | None, float | None]:
        """Virtual clock only: how long to really wait, and whether to charge it to the clock.

        Returns ``(select timeout, real start or None)``."""
        if self._external_pending():
            return timeout, real_monotonic()
        if self._ready:
            # A thread's ``call_soon_threadsafe`` came after the timeout was worked out. Read
            # after ``_external_pending``: a worker seen idle there had already made it ready.
            return 0, None
        if self._scheduled:
            clock = self._clock
            assert clock is not None
            old = clock.now()
            clock.advance_to(self._scheduled[0]._when)
            if self._hooked or clock.now() != old:
                self._controller.clock_jumped(self, old, clock.now())
            return 0, None
        # Nothing ready, no timer, nothing external: nothing can ever wake the loop.
        self._controller.idle_forever(self)
        return None, real_monotonic()

    def _external_pending(self) -> bool:
        """Can something outside this thread wake the loop?

        Registered file descriptors other than the loop's self-pipe (sockets, subprocess pipes,
        pidfds), signal handlers (a server waiting for SIGTERM: a signal can come at any time,
        so the clock follows real time while one is registered), executor jobs in flight, or
        threads other than loopscope's own and idle executor workers (they may call
        ``call_soon_threadsafe``). A worker of any ``ThreadPoolExecutor`` (the program's own
        too, whose jobs may wake the loop) is idle only while it waits for work and none is
        queued."""
        own_fds = 1 if self._ssock is not None else 0
        if len(self._selector.get_map()) > own_fds or self._signal_handlers:
            return True
        if self._executor_pending:
            return True
        own = self._session.own_threads if self._session else set()
        me = threading.get_ident()
        frames = None
        for thread in threading.enumerate():
            if thread.ident == me or thread.ident in own or not thread.is_alive():
                continue
            target = getattr(thread, "_target", None)
            if getattr(target, "__module__", None) == "concurrent.futures.thread":
                if frames is None:
                    frames = sys._current_frames()
                if _idle_worker(frames.get(thread.ident or 0)):
                    continue
            return True
        return False

    # -- what the engine needs to know about ---------------------------------------------------

    def create_task(self, coro: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        task = super().create_task(coro, **kwargs)
        if getattr(task, "_source_traceback", None):  # debug mode only
            _drop_own_frame(task._source_traceback, "create_task")
        if self._session is not None:
            eager = False
            if inspect.iscoroutine(coro):
                eager = inspect.getcoroutinestate(coro) != inspect.CORO_CREATED
            self._controller.task_created(self, task, eager, coro)
        return task

    def run_in_executor(self, executor: Any, func: Any, *args: Any) -> Any:
        future = super().run_in_executor(executor, func, *args)
        future._loopscope_func = func  # what the I/O pane and the snapshot name it by
        # Remembered, not watched through a done-callback: the program sees the future the
        # stock loop returns (its repr, its callbacks, the order they run in).
        self._executor_futures.append(future)
        return future

    def _close_self_pipe(self) -> None:
        # loopscope: the one step of ``close()`` that runs once per loop, whether the program
        # closes it or the collector does (the stock ``__del__`` closes an unclosed loop); an
        # override of ``close`` itself would put a frame of this file in its tracebacks.
        self._controller.detached(self)
        super()._close_self_pipe()

    def detach_session(self) -> None:
        """Become the stock loop: no controller, no virtual clock (``children``: a forked child
        may keep running the loop it was forked in, and it is the program's, not loopscope's).

        Pending timers keep the time they have left: their deadlines move from the virtual
        clock to the real one by the same amount, so the heap keeps its order. (Loop times the
        program itself kept from before the fork stay on the virtual clock's scale.)"""
        clock = self._clock
        if clock is not None and clock.virtual:
            shift = real_monotonic() - clock.now()
            for timer in (*self._scheduled, *self._ready):
                if isinstance(timer, events.TimerHandle):
                    timer._when += shift
        for name in ("time", "call_at"):  # the bindings over the stock methods
            self.__dict__.pop(name, None)
        self._session = None
        self._clock = None
        self._controller = _NO_CONTROLLER
        self._hooked = self._counting = False
        self._line_breaks = None

    @property
    def _executor_pending(self) -> int:
        """Executor jobs in flight: futures of ``run_in_executor`` not done yet."""
        futures = self._executor_futures = [f for f in self._executor_futures if not f.done()]
        return len(futures)

    def __repr__(self) -> str:
        # The stock loop's words (``<_UnixSelectorEventLoop running=...>``): a program that
        # prints or logs its loop (debug mode logs "Close <...>") reads the same; a subclass
        # of the program's own keeps its name, as it would.
        name = (_StockSelectorLoop.__name__ if type(self) is SteppingEventLoop
                else type(self).__name__)
        return (f"<{name} running={self.is_running()} closed={self.is_closed()} "
                f"debug={self.get_debug()}>")


def _sequenced_call_at(loop: SteppingEventLoop) -> Any:
    """``loop.call_at`` on the virtual clock (set over the method in ``__init__``): the body of
    ``BaseEventLoop.call_at``, making a ``_SequencedTimerHandle``. On the real clock the stock
    method runs untouched: an override there cost 2,500 instructions a timer.

    A closure over a weak reference, not the bound method: a bound method in the loop's own
    ``__dict__`` would be a reference cycle, and a loop in a cycle outlives the program's last
    reference to it until the collector runs (a plain loop is freed at once)."""
    loop_ref = weakref.ref(loop)

    def call_at(when: float, callback: Any, *args: Any, context: Any = None) -> Any:
        self = loop_ref()
        assert self is not None
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, "call_at")
        timer = _SequencedTimerHandle(when, callback, args, self, context)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        self._timer_seq += 1
        timer._seq = self._timer_seq
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    call_at.__name__ = call_at.__qualname__ = "call_at"
    return call_at


def _idle_worker(frame: Any) -> bool:
    """Is this executor worker thread idle, and will it stay so until the loop runs again?

    Its innermost Python frame must be ``concurrent.futures.thread._worker`` itself (while a job
    runs, the job's frames are above it), and its executor must have no job queued and every
    worker idle and unclaimed. A worker releases the executor's ``_idle_semaphore`` before it
    waits for work, and ``submit`` takes it back before handing a job over; the queue alone is
    not enough, since 3.13's ``SimpleQueue`` hands a job straight to a waiting worker, which may
    not have run yet. In doubt, busy: the loop then waits for real, as the stock loop would."""
    if frame is None:
        return False
    code = frame.f_code
    if code.co_name != "_worker" or not code.co_filename.endswith("thread.py"):
        return False
    try:
        executor = frame.f_locals["executor_reference"]()
        if executor is None:
            return True  # collected: its workers only exit
        return (executor._work_queue.empty()
                and executor._idle_semaphore._value >= len(executor._threads))
    except (KeyError, AttributeError, TypeError):
        return False


def _drop_own_frame(source_traceback: Any, name: str) -> None:
    """Remove this module's ``name`` override from a handle's or task's creation traceback.

    In debug mode a task remembers where it was created, and the stock ``create_task`` deletes
    its own frame so that the traceback ends in the caller: that last
    frame is the "created at FILE:LINE" of every debug message and repr. An override is one frame
    more; without this, every task would say it was created in loopscope's loop.py
    (CPython's ``test_handle_source_traceback`` checks it). Searched from the end: with a task
    factory the stock traceback ends inside the factory, below this frame."""
    for i in range(len(source_traceback) - 1, -1, -1):
        frame = source_traceback[i]
        if frame.name == name and frame.filename == _THIS_FILE:
            del source_traceback[i]
            return


_THIS_FILE = SteppingEventLoop.create_task.__code__.co_filename

_stock_new_event_loop = events.new_event_loop


def new_event_loop() -> asyncio.AbstractEventLoop:
    """The loop factory installed in place of ``asyncio.new_event_loop``.

    It still asks the current policy, as the stock function does: a policy the script set
    itself must be obeyed (it may count or wrap its loops), and the default policy's
    ``_loop_factory`` is ours. Where policies are gone, the stock function makes an
    ``EventLoop``, which ``install_factories`` also points at ``SteppingEventLoop``."""
    return _stock_new_event_loop()


def install_factories() -> dict[tuple[Any, str], Any]:
    """Make every way a script can create a loop create a ``SteppingEventLoop``.

    Replaces the bindings (no policy call, so no DeprecationWarning on 3.14+): the two
    ``new_event_loop`` functions, the ``SelectorEventLoop``/``EventLoop`` names (so an explicit
    ``loop_factory=asyncio.SelectorEventLoop`` or a policy that calls it gets ours), and the
    default policy's ``_loop_factory`` (``get_event_loop`` and policy subclasses). Returns what
    it replaced, for ``uninstall_factories``."""
    from asyncio import unix_events

    saved: dict[tuple[Any, str], Any] = {}

    def put(owner: Any, name: str, value: Any) -> None:
        # Aliases (DefaultEventLoopPolicy is _UnixDefaultEventLoopPolicy) must be saved once.
        if hasattr(owner, name) and (owner, name) not in saved:
            saved[(owner, name)] = getattr(owner, name)
            setattr(owner, name, value)

    put(asyncio, "new_event_loop", new_event_loop)
    put(events, "new_event_loop", new_event_loop)
    put(asyncio, "SelectorEventLoop", SteppingEventLoop)
    put(unix_events, "SelectorEventLoop", SteppingEventLoop)
    put(asyncio, "EventLoop", SteppingEventLoop)
    put(unix_events, "EventLoop", SteppingEventLoop)
    for policy_name in ("_UnixDefaultEventLoopPolicy", "DefaultEventLoopPolicy"):
        policy = getattr(unix_events, policy_name, None)
        if policy is not None and "_loop_factory" in vars(policy):
            put(policy, "_loop_factory", SteppingEventLoop)
    return saved


def uninstall_factories(saved: dict[tuple[Any, str], Any]) -> None:
    for (owner, name), value in saved.items():
        setattr(owner, name, value)


def _read_as_upstream() -> None:
    """Frames of the copied ``_run_once`` say ``asyncio/base_events.py`` and its line numbers,
    as the stock loop's do (``upstream_frames``): tracebacks that cross the loop read the same."""
    from .upstream_frames import as_upstream

    SteppingEventLoop._run_once = as_upstream(  # type: ignore[method-assign]
        SteppingEventLoop._run_once, base_events.BaseEventLoop._run_once)


_read_as_upstream()
