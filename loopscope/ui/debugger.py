"""``LoopscopeApp``: the panes, the keys, and the one loop from events to screen.

Data flows one way. A thread worker reads batches of events from the ``EventSource`` and posts
them as ``EventsReceived``; ``RunState.apply_all`` folds them into plain state (history,
output, status); the app then draws the *view* (the newest pause, or the history entry the
user walked back to) into the panes, each of which is a widget of its own module. Keys only
send commands to the source or move the view; they never touch the state directly, so a
replayed recording, which is just another source, drives the very same screen.

Drawing is a pure function of (history entry, breakpoints, picked task, size): the live screen
of step 7 and the history screen of step 7 are the same except for the status bar, which the
tests check. While the program runs freely, redraws are throttled to ten a second.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from . import frames  # noqa: F401  (first: Textual's frame rate, read as Textual is imported)

# isort: split
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import Worker, get_current_worker

from ..history import DEFAULT_LIMIT, Entry
from ..session import LaunchError
from ..stats import TaskStats
from ..timeline import Timeline
from . import heap
from .await_graph import AwaitGraph
from .commands import COMMANDS
from .feed import Event, EventSource
from .footer import KeyBar
from .io_pane import IoPane
from .narration import Narration
from .narration_log import NarrationLog
from .output import OutputView
from .paths import PathStyle
from .phase_strip import PhaseStrip
from .presenting import Presenting
from .ready_queue import ReadyQueue
from .source import SourceView
from .state import RunState
from .stats import StatsView
from .status import StatusBar
from .stdin import StdinLine
from .tasks import TaskList, TasksPane
from .timeline_pane import TimelinePane
from .timers import Timers
from .view import (
    MarksCache,
    SourceMarks,
    focus_task,
    live_block,
    reads_stdin,
    source_target,
    status_info,
)

Snapshot = dict[str, Any]

#: Seconds between two redraws while the program runs (at most ten a second).
REDRAW_EVERY = 0.1
#: Seconds a step runs before the status bar says "running" (most steps pause before).
RUNNING_AFTER = 0.05
#: Seconds between two ``pause`` commands while a pause is awaited.
PAUSE_RETRY = 0.5
#: The commands that resume the program; the engine answers each it takes with ``resumed``.
RESUMING = frozenset({"step", "step_callback", "continue", "run_next", "run_to_task",
                      "line_step"})


def parse_breaks(specs: Iterable[str]) -> set[tuple[str, int]]:
    """``FILE:LINE`` strings (absolute files, as cli.py makes them) to pairs."""
    out = set()
    for spec in specs:
        file, _, line = spec.rpartition(":")
        if file and line.isdigit():
            out.add((file, int(line)))
    return out


class LoopscopeApp(Presenting):
    """The debugger."""

    # Absolute, so that subclasses (benchmarks, a replay front end) find it too.
    CSS_PATH = str(Path(__file__).with_name("loopscope.tcss"))
    TITLE = "loopscope"
    ENABLE_COMMAND_PALETTE = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(command.keys, command.action, command.title, show=command.footer)
          for command in COMMANDS if not command.widget),
        Binding("escape", "escape", "Back to the panes", show=False),
    ]

    class EventsReceived(Message):
        """A batch of events arrived from the source (posted by the feed worker)."""

        def __init__(self, generation: int, events: list[Event]) -> None:
            super().__init__()
            self.generation = generation
            self.events = events

    def __init__(self, source: EventSource, *, breaks: Iterable[str] = (),
                 break_tasks: Iterable[str] = (), history_limit: int = DEFAULT_LIMIT,
                 started: bool = False, narration: str = "technical") -> None:
        super().__init__(narration)
        heap.tune()
        self.source = source
        self.history_limit = history_limit
        self.run_state = RunState(history_limit)
        #: Per-task figures (``y``), folded from the same events.
        self.task_stats = TaskStats()
        #: Lanes of the tasks over time (``v``), folded from the same events.
        self.timeline = Timeline()
        #: Absolute history number on screen, or None for the newest (live) state.
        self.view: int | None = None
        #: Task the user picked in the Tasks pane (the Source pane follows it).
        self.picked: str | None = None
        self.breakpoints = parse_breaks(breaks)
        self.break_tasks = list(break_tasks)
        self.paths = PathStyle(source.cwd, source.script)
        self.generation = 0
        self._started = started
        self._changed = asyncio.Event()
        self._last_draw = 0.0
        self._draw_timer: Timer | None = None
        #: Set while a step runs and the status bar does not say so yet (``RUNNING_AFTER``).
        self._running_timer: Timer | None = None
        self._marks = MarksCache()
        #: The await graph in place of the Tasks list: True/False as ``g`` set it, None for
        #: "only at a deadlock" (where it shows the wait-for graph).
        self.show_graph: bool | None = None
        #: ``p`` was pressed and no pause has come back yet.
        self._pausing = False
        #: Kinds of the resuming commands sent that the engine has not answered (``resumed``)
        #: yet, oldest first. Keys come in bursts (one read of the terminal): a ``p`` right
        #: after ``c`` finds the run still paused here and in the engine, which ignores a
        #: ``pause`` while paused; it is sent once the engine says it resumed.
        self._unanswered: deque[str] = deque()
        self._pause_retry: Timer | None = None
        #: The worker reading ``self.source`` (``_feed``); cancelled when that source is let go.
        self._feeder: Worker[None] | None = None

    # -- composing ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield TasksPane(id="tasks")
                yield AwaitGraph(id="await-graph")
                with Horizontal(id="queues"):
                    yield ReadyQueue(id="ready")
                    yield Timers(id="timers")
            with Vertical(id="right"):
                yield SourceView(id="source")
                yield OutputView(id="output")
                yield IoPane(id="io")
        yield TimelinePane(id="timeline")
        yield StatsView(id="stats")
        yield NarrationLog(id="narration-log")
        yield PhaseStrip(id="phase")
        yield Narration(id="narration")
        yield StatusBar(id="status")
        yield StdinLine(id="stdin")
        yield KeyBar()

    def on_ready(self) -> None:
        """The first frame is on screen (Textual's ``Ready``): start-up is over."""
        heap.startup_done()

    def on_mount(self) -> None:
        self.query_one("#ready", ReadyQueue).border_title = "Ready queue"
        self.query_one("#timers", Timers).border_title = "Timers"
        self.query_one("#output", OutputView).border_title = "Output"
        self.query_one("#source", SourceView).set_title(f"Source · {self.source.label}")
        self.query_one("#tasks", TasksPane).border_title = "Tasks"
        self._title_log()
        if not self.source.accepts_input:
            self.query_one(StdinLine).display = False
        self._begin(started=self._started)
        self.query_one(TaskList).focus()

    def _begin(self, started: bool) -> None:
        if not started:
            self.source.start()
        self.generation += 1
        if self.breakpoints or self.break_tasks:
            self._send_breakpoints()
        self._feeder = self._feed(self.source, self.generation)
        self.query_one(Narration).say(f"Starting {self.source.label}...")
        self._draw_status()

    def _let_go(self) -> None:
        """Done with ``self.source`` (restart, quit): cancel its reader, then stop it, which
        wakes the reader blocked in ``next_batch``. The reader holds a thread of the pool all
        thread workers share (min(32, CPUs + 4) threads): one left waiting on an old source
        per restart would starve the pool, and the feed of a later run would never start."""
        if self._feeder is not None:
            self._feeder.cancel()
            self._feeder = None
        self.source.stop()

    # -- events in ----------------------------------------------------------------------------

    @work(thread=True, group="feed", exit_on_error=False)
    def _feed(self, source: EventSource, generation: int) -> None:
        """Worker thread: read batches from ``source`` and post them to the app."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            batch = source.next_batch(0.25)
            if not batch:
                continue
            self.post_message(self.EventsReceived(generation, batch))
            if batch[-1].get("kind") == "ended":
                return

    def on_loopscope_app_events_received(self, message: EventsReceived) -> None:
        if message.generation != self.generation or not self.is_running:
            return  # from a run that was restarted away, or the app is closing
        run = self.run_state
        changes = run.apply_all(message.events)
        for _ in range(min(changes.resumed, len(self._unanswered))):
            self._unanswered.popleft()
        if changes.ended or (changes.messages and run.paused):
            self._unanswered.clear()  # none will come: the end, or a command refused
        if changes.resumed and self._pausing and run.running:
            self.source.send({"kind": "pause"})  # a ``p`` that waited for the resume
        for event in message.events:
            self.task_stats.feed(event)
            self.timeline.feed(event)
        if changes.entry and self.view is None:
            self._tell_walk()
        if changes.entry or changes.ended:
            self._pausing = False
            if self._pause_retry is not None:
                self._pause_retry.stop()
                self._pause_retry = None
            if self._after_pause(changes.pauses) and not (changes.ended or changes.messages):
                self._changed.set()
                return  # asyncio's own step, folded away (presenting.py)
        if self.view is None:
            if changes.entry:
                self._draw_now()
            elif changes.progress or changes.output:
                self._draw_soon()
        if changes.blocked:
            self._hint_stdin()
            if self.view is None and not changes.entry:
                self._draw_soon()
        if changes.status:
            if (run.running and self._stepping != "continue" and not changes.entry
                    and not changes.blocked and self.view is None):
                # A step's pause follows within milliseconds: a frame that says "running"
                # in between would only hold the pause's frame back (Textual paints at most
                # one frame every 1/60 s), so "running" is said only if the step lasts.
                if self._running_timer is None:
                    self._running_timer = self.set_timer(RUNNING_AFTER, self._say_running)
            else:
                self._say_running()
        if changes.ended and isinstance(self.focused, StdinLine):
            self.action_escape()  # its stdin is closed: the keys (r restarts) are the app's
        if changes.ended and self.view is None:
            self._draw_now()
        for text in changes.messages:
            self.notify(text, severity="warning")
        self._changed.set()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` holds after some batch of events (tests use this)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            self._changed.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [e.get("kind") for e in list(self.run_state.since_pause)[-8:]]
                raise TimeoutError(f"still {self.run_state.state_word()} after {timeout} s "
                                   f"(last events: {recent})")
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    # -- drawing ------------------------------------------------------------------------------

    def _say_running(self) -> None:
        """The status bar and, live, the narration, as the run stands."""
        if self._running_timer is not None:
            self._running_timer.stop()
            self._running_timer = None
        if not self.is_running:
            return
        self._draw_status()
        if self.view is None and not self.run_state.paused:
            self.query_one(Narration).say(self.run_state.live_sentence(self.vocabulary))

    def _draw_soon(self) -> None:
        if self._draw_timer is not None:
            return
        delay = max(0.0, REDRAW_EVERY - (time.monotonic() - self._last_draw))
        self._draw_timer = self.set_timer(max(0.01, delay), self._draw_now)

    def _draw_now(self) -> None:
        if self._draw_timer is not None:
            self._draw_timer.stop()
            self._draw_timer = None
        if self._running_timer is not None:  # this draws the status bar as it stands
            self._running_timer.stop()
            self._running_timer = None
        if not self.is_running:
            return  # shutting down: the panes may be gone
        self._last_draw = time.monotonic()
        run = self.run_state
        entry: Entry | None = None
        if self.view is not None and self.view in run.history:
            entry = run.history.get(self.view)
        elif run.progress is not None and run.running:
            self._draw_snapshot(run.progress, run.live_sentence(self.vocabulary),
                                run.output.visible())
        elif run.history.latest is not None:
            entry = run.history.latest
        else:
            # Nothing paused yet (starting), or a program that never ran an event loop.
            empty = {"tasks": [], "ready": [], "timers": [], "final": run.finished,
                     "exception": run.exception}  # one raised before any loop: its line
            self._draw_snapshot(empty, run.live_sentence(self.vocabulary), run.output.visible())
        if entry is not None:
            self._draw_entry(entry)
        running = entry is None or (self.view is None and run.running)
        self._draw_presenting("" if running or entry is None else entry.phase,
                              {} if entry is None else entry.snapshot)
        self._draw_status()

    def _draw_entry(self, entry: Entry) -> None:
        narration = entry.sentence(self.vocabulary)
        if self.view is None and self.run_state.running:
            narration = self.run_state.live_sentence(self.vocabulary)
        # Live, the Output pane shows everything printed so far (a program stuck in a blocking
        # step has printed past its last pause); in history, the output as it was then.
        output = self.run_state.output.visible(None if self.view is None else entry.output_mark)
        self._draw_snapshot(entry.snapshot, narration, output)

    def _draw_snapshot(self, snapshot: Snapshot, narration: str,
                       output: list[tuple[str, str]]) -> None:
        tasks = snapshot.get("tasks") or []
        focus_id = focus_task(snapshot, self.picked)
        self.query_one(TaskList).set_break_tasks(set(self.break_tasks))
        blocking = dict(snapshot.get("blocking") or {})
        if self.view is None:  # live: also the blocks reported since that snapshot
            for tid, seconds in self.run_state.blocking.items():
                blocking[tid] = max(seconds, blocking.get(tid, 0.0))
        self.query_one(TaskList).set_blocking(blocking)
        self.query_one(TasksPane).show(tasks, focus_id, self.paths)
        self._draw_graph(snapshot)
        if self.query_one("#right").has_class("-io"):
            self.query_one(IoPane).show(snapshot, self.paths)
        self.query_one(ReadyQueue).show(snapshot)
        self.query_one(Timers).show(snapshot)
        self._draw_source(snapshot)
        lines = self.run_state.output.lines
        self.query_one(OutputView).show(output, dropped=lines[0].start if lines else 0)
        self.query_one(Narration).say(narration)
        self._draw_figures(snapshot)

    def _draw_figures(self, snapshot: Snapshot | None) -> None:
        """The optional views (``v``, ``y``), only while shown: they cost nothing hidden."""
        stats = self.query_one(StatsView)
        if stats.display:
            stats.show(self.task_stats)
        lanes = self.query_one(TimelinePane)
        if lanes.display:
            snapshot = snapshot or {}
            step = snapshot.get("step")
            upto = step if self.view is not None and isinstance(step, int) else None
            lanes.show(self.timeline, upto, snapshot.get("t"))

    def _tell_walk(self) -> None:
        """A line step (l) ended: list the lines walked, and the switches that came first."""
        entry = self.run_state.history.latest
        walk = entry.snapshot.get("line_step") if entry is not None else None
        if not walk:
            return
        lines = " ".join(str(number) for _, number, _ in walk.get("lines") or ()) or "none"
        before = walk.get("switches_before") or []
        first = f"first {', '.join(before)} ran; then " if before else ""
        self.notify(f"{first}{walk.get('task')} ran lines {lines}", title="Line step")

    def _draw_graph(self, snapshot: Snapshot) -> None:
        shown = self.show_graph if self.show_graph is not None else bool(
            snapshot.get("deadlock"))
        self.query_one("#left").set_class(shown, "-graph")
        if shown:
            self.query_one(AwaitGraph).show(snapshot, self.paths)

    def _draw_source(self, snapshot: Snapshot) -> None:
        blocked = live_block(self.run_state) if self.view is None else None
        walk = snapshot.get("line_step") or {}
        # After a line step (l), the Source pane follows the task walked, its lines marked •.
        picked = self.picked if self.picked is not None else walk.get("task_id")
        file, line, who = source_target(snapshot, picked, blocked, self.source.script,
                                        lambda task_id: self._marks.task(snapshot, task_id))
        path = self.paths.absolute(file) if file else None
        marks = SourceMarks()
        if file is not None and path is not None:
            marks = self._marks.source_marks(snapshot, file, path, self.breakpoints, blocked)
            for walked_file, number, _ in walk.get("lines") or ():
                if walked_file == file:
                    marks.special.setdefault(number, "•")
        view = self.query_one(SourceView)
        view.show(file, path, line, marks)
        title = f"Source · {self.paths.short(file)}" if file else "Source"
        view.set_title(f"{title} · {who}" if who else title)

    def _hint_stdin(self) -> None:
        """A loop blocked on a line that reads stdin: say so, and light up the stdin line."""
        run = self.run_state
        blocked = live_block(run)
        wants = False
        if blocked is not None and blocked.get("file"):
            lines = self.query_one(SourceView).files.lines(self.paths.absolute(blocked["file"]))
            number = blocked.get("line") or 0
            if lines and 0 < number <= len(lines):
                wants = reads_stdin(lines[number - 1].plain)
        if wants and self.source.accepts_input and blocked is not None:
            who = f"task {blocked['task']}" if blocked.get("task") else "a callback"
            run.live_narration = (f"The loop is blocked: {who} waits at line {blocked.get('line')}"
                                  ", probably for input: press i and type a line for it")
        self.query_one(StdinLine).set_class(wants, "-wanted")

    def _draw_status(self) -> None:
        run = self.run_state
        if not run.running:
            self.query_one(StdinLine).remove_class("-wanted")
        self.query_one(StatusBar).show(self._presented(status_info(
            run, self.view, self._pausing, len(self.breakpoints) + len(self.break_tasks))))

    # -- commands out -------------------------------------------------------------------------

    def _send(self, command: dict[str, Any]) -> bool:
        if self.source.send(command):
            if command.get("kind") in RESUMING:
                self._unanswered.append(str(command["kind"]))
            return True
        self._say_gone()
        return False

    def _say_gone(self) -> None:
        if self.run_state.finished:
            self.notify("The program has finished: press r to restart it.", title="Finished")
        else:
            self.notify("The program is not running: press r to restart it.",
                        severity="warning")

    def _resume(self, kind: str, **fields: Any) -> None:
        if not self._resumed_by(kind):
            return  # the key stopped auto-play
        run = self.run_state
        if run.finished:
            self._say_gone()
            return
        if run.running_freely or "continue" in self._unanswered:
            if kind != "continue":
                self.notify("The program is running: press p to pause it first.")
            return
        # Paused, or a step under way: a key pressed meanwhile (typed ahead, a burst) waits
        # in the engine for the pause the step ends at, and takes effect there, in order.
        # (After ``c``, only ``p`` can bring a pause: the keys above are refused until then.)
        if self.view is not None:
            self.view = None
            self._draw_now()
        self._send({"kind": kind, **fields})

    def _send_breakpoints(self) -> None:
        self.source.send({"kind": "set_breakpoints",
                          "lines": self.source.breakpoint_lines(self.breakpoints),
                          "tasks": list(self.break_tasks)})

    # -- actions (one per command of commands.COMMANDS) ------------------------------------------

    def action_step(self) -> None:
        self._resume("step")

    def action_step_callback(self) -> None:
        self._resume("step_callback")

    def action_continue(self) -> None:
        self._resume("continue")

    def action_pause(self) -> None:
        if self._stop_autoplay("stopped"):
            return
        run = self.run_state
        if run.finished:
            self._say_gone()
        elif run.paused and not self._unanswered:
            self.notify("Already paused.")
        elif run.paused or self._send({"kind": "pause"}):
            # Paused with a resume not answered yet: the pause is sent once it is.
            self._pausing = True
            self._draw_status()
            if self._pause_retry is None:
                self._pause_retry = self.set_interval(PAUSE_RETRY, self._repeat_pause)

    def _repeat_pause(self) -> None:
        """Ask again until the pause comes: the engine can lose a ``pause`` that races with
        its own unhooking while running freely (see the report); asking twice is harmless."""
        if self._pausing and self.run_state.running:
            self.source.send({"kind": "pause"})
        elif self._pausing and self._unanswered:
            pass  # a resume is on its way: the pause goes once it is answered
        elif self._pause_retry is not None:
            self._pause_retry.stop()
            self._pause_retry = None

    def action_run_to_task(self) -> None:
        self._resume_for_picked_task("run_to_task")

    def _resume_for_picked_task(self, kind: str) -> None:
        """Send ``kind`` for the live task under the cursor in Tasks, or say why not."""
        task = self.query_one(TaskList).current
        if task is None:
            self.notify("Pick a task in the Tasks pane first.")
            return
        if task.get("state") not in ("ready", "waiting"):
            self.notify(f"Task {task.get('name')} has finished: it will not run again.")
            return
        self._resume(kind, task_id=str(task.get("id")))

    def action_run_next(self) -> None:
        """The palette's "Run next": the entry under the cursor in the Ready queue."""
        self.query_one(ReadyQueue).action_run_next()

    def action_line_step(self) -> None:
        self._resume_for_picked_task("line_step")

    def action_history_back(self) -> None:
        history = self.run_state.history
        if not len(history):
            return
        self._stop_autoplay("stopped")
        if self.view is None:
            # While running, the screen shows a progress snapshot: one back is the newest pause.
            running = self.run_state.running and self.run_state.progress is not None
            target = history.end - 1 if running else history.end - 2
        else:
            target = self.view - 1
        target = self._skip_own(target, -1)
        if target < history.first:
            self.notify("This is the oldest snapshot kept.")
            return
        self.view = target
        self._draw_now()

    def action_history_forward(self) -> None:
        history = self.run_state.history
        if self.view is None:
            self.action_step()
            return
        target = self._skip_own(self.view + 1, +1)
        self.view = None if target >= history.end - 1 else target
        self._draw_now()

    def action_toggle_breakpoint(self) -> None:
        view = self.query_one(SourceView)
        if view.path is None or not view.lines:
            self.notify("No source line under the cursor.")
            return
        key = (view.path, view.cursor_line)
        if key in self.breakpoints:
            self.breakpoints.discard(key)
        else:
            self.breakpoints.add(key)
        self._send_breakpoints()
        view.set_marks(SourceMarks(view.marks.tasks,
                                   {n for f, n in self.breakpoints if f == view.path},
                                   view.marks.special))
        self._draw_status()

    def action_restart(self) -> None:
        old = self.source
        self.generation += 1
        self._let_go()
        breaks = [f"{file}:{line}" for file, line in sorted(self.breakpoints)]
        self.source = old.fresh(breaks, self.break_tasks)
        self.run_state = RunState(self.history_limit)
        self.task_stats = TaskStats()
        self.timeline = Timeline()
        self.view = None
        self.picked = None
        self._pausing = False
        self._unanswered.clear()
        try:
            self._begin(started=False)
        except LaunchError as exc:
            self.run_state.status, self.run_state.detail = "died", "could not start"
            self.run_state.finished = self.run_state.ended = True
            self.run_state.live_narration = f"The program could not be started again: {exc}"
        self._draw_now()

    def action_quit(self) -> None:  # type: ignore[override]
        self._let_go()
        self.exit(0)

    def action_help(self) -> None:
        from .help import HelpScreen

        self.push_screen(HelpScreen())

    def action_maximize_pane(self) -> None:
        screen = self.screen
        if screen.maximized is not None:
            screen.minimize()
        elif screen.focused is not None:
            screen.maximize(screen.focused)

    def action_toggle_stats(self) -> None:
        stats = self.query_one(StatsView)
        stats.display = not stats.display
        self._draw_figures(self._shown_snapshot())

    def action_toggle_timeline(self) -> None:
        lanes = self.query_one(TimelinePane)
        lanes.display = not lanes.display
        self._draw_figures(self._shown_snapshot())

    def action_await_graph(self) -> None:
        graph = self.query_one(AwaitGraph)
        self.show_graph = not self.query_one("#left").has_class("-graph")
        snapshot = self._shown_snapshot()
        self._draw_graph(snapshot if snapshot is not None else {})
        if self.show_graph:
            graph.focus()
        else:
            self.query_one(TaskList).focus()

    def action_toggle_io(self) -> None:
        right = self.query_one("#right")
        right.toggle_class("-io")
        if right.has_class("-io"):
            snapshot = self._shown_snapshot()
            self.query_one(IoPane).show(snapshot if snapshot is not None else {}, self.paths)

    def action_filter_tasks(self) -> None:
        if self.screen.maximized is not None and self.screen.maximized is not self.query_one(
                TasksPane):
            self.screen.minimize()
        self.query_one(TasksPane).open_filter()

    def action_follow(self) -> None:
        self.picked = None
        self._draw_now()

    def action_focus_stdin(self) -> None:
        stdin = self.query_one(StdinLine)
        if self.source.accepts_input:
            stdin.add_class("-open")
            stdin.focus()

    def action_escape(self) -> None:
        if isinstance(self.focused, StdinLine):
            self.focused.remove_class("-open")
            self.query_one(TaskList).focus()
        elif self.screen.maximized is not None:
            self.screen.minimize()

    # -- messages from the panes ----------------------------------------------------------------

    def on_task_list_task_picked(self, message: TaskList.TaskPicked) -> None:
        self.picked = message.task_id
        snapshot = self._shown_snapshot()
        if snapshot is not None:
            self._draw_source(snapshot)

    def on_ready_queue_entry_picked(self, message: ReadyQueue.EntryPicked) -> None:
        """Run the picked ready entry first: only at the newest pause, whose queue it names."""
        run = self.run_state
        latest = run.history.latest
        if run.paused and (self.view is not None or latest is None
                           or message.snapshot is not latest.snapshot):
            self.notify("This is a past step: go forward to the newest one (→) to pick.")
            return
        fields: dict[str, Any] = {"index": message.index}
        if message.entry.get("task_id"):
            fields["task_id"] = str(message.entry["task_id"])
        self._resume("run_next", **fields)

    def on_input_submitted(self, message: Input.Submitted) -> None:
        if not isinstance(message.input, StdinLine):
            return
        text = message.value + "\n"
        if self.source.write_stdin(text):
            self.run_state.output.write("stdin", text)
            if self.view is None:
                self._draw_soon()
        else:
            self.notify("The program's stdin is closed.", severity="warning")
        message.input.value = ""

    def _shown_snapshot(self) -> Snapshot | None:
        run = self.run_state
        if self.view is not None and self.view in run.history:
            return run.history.get(self.view).snapshot
        if run.progress is not None and run.running:
            return run.progress
        latest = run.history.latest
        return latest.snapshot if latest is not None else None

    # -- command palette ------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in COMMANDS:
            keys = command.display or command.keys
            yield SystemCommand(f"{command.title} ({keys})", command.help,
                                getattr(self, f"action_{command.action}"))
        yield from super().get_system_commands(screen)


__all__ = ["LoopscopeApp", "parse_breaks"]
