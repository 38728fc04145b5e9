"""The debugger's commands, in one table: keys, footer, help screen and command palette.

Each row becomes a key binding of the app (``Binding``), or of one pane when the key only
makes sense there (``widget``: ``enter`` in the Ready queue), a line of the help screen and a
command of Textual's command palette (``SystemCommand``), so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    #: Keys, comma separated, as Textual names them.
    keys: str
    #: The app action it runs (``action_<name>``).
    action: str
    #: Short label (footer, palette title).
    title: str
    #: One line of help (help screen, palette).
    help: str
    #: Shown in the footer.
    footer: bool = True
    #: The keys as the help screen writes them.
    display: str = ""
    #: The widget class whose binding this is (the key works only there, e.g. ``enter`` in the
    #: Ready queue); empty for an app-wide key. The palette runs the app's action either way.
    widget: str = ""


COMMANDS: tuple[Command, ...] = (
    Command("space,n", "step", "Next switch",
            "Let the loop run until the next task switch", display="space n"),
    Command("s", "step_callback", "Callback",
            "Run exactly one ready callback (timer, done-callback, I/O)"),
    Command("c", "continue", "Continue",
            "Run until a breakpoint, p, a deadlock or the end"),
    Command("p", "pause", "Pause", "Pause a running program (even one stuck in a blocking call)"),
    # Help and Quit early: the footer shows keys in this order, and at 80 columns the last
    # ones are cut off (a workshop's newcomer needs these two most).
    Command("question_mark", "help", "Help", "Show every key", display="?"),
    Command("q,ctrl+c", "quit", "Quit", "Stop the program and leave loopscope",
            display="q ctrl+c"),
    Command("left", "history_back", "Back", "Show the previous snapshot (history)", display="←"),
    Command("right", "history_forward", "Forward",
            "Show the next snapshot; past the newest, step the program", display="→"),
    Command("t", "run_to_task", "To task",
            "Run until the task under the cursor in Tasks runs next"),
    Command("enter", "run_next", "Run next",
            "In the Ready queue: run the entry under the cursor first (teaching races)",
            widget="ReadyQueue"),
    Command("l", "line_step", "Lines",
            "Run the task under the cursor in Tasks line by line until it suspends (other "
            "tasks' switches first, as they come); the lines walked are marked •",
            footer=False),
    Command("slash", "filter_tasks", "Filter",
            "Filter the Tasks pane by name, state or file (Esc clears)", footer=False,
            display="/"),
    Command("b", "toggle_breakpoint", "Breakpoint",
            "Toggle a breakpoint on the Source line under the cursor (a task pauses when it "
            "suspends or resumes there: an await line)"),
    Command("r", "restart", "Restart", "Kill the program and start it again"),
    Command("m", "maximize_pane", "Maximize", "Maximize the focused pane, or restore it",
            footer=False),
    Command("f", "follow", "Follow",
            "Follow the task about to run again (after picking one in Tasks)", footer=False),
    Command("i", "focus_stdin", "Stdin", "Type a line for the program's standard input",
            footer=False),
    Command("v", "toggle_timeline", "Timeline",
            "Show or hide the timeline: a lane per task over time, up to the step shown",
            footer=False),
    Command("y", "toggle_stats", "Figures",
            "Show or hide the task figures: switches, CPU held, time waited", footer=False),
    Command("w", "toggle_vocabulary", "Waiter",
            "Narrate in the waiter analogy, or in technical words again", footer=False),
    Command("j", "toggle_narration_log", "Story",
            "Show or hide the narration log: every sentence so far, following the screen",
            footer=False),
    Command("g", "await_graph", "Graph",
            "Show who awaits whom as a tree in place of Tasks (at a deadlock: who waits for "
            "whom, with the cycles)", footer=False),
    Command("o", "toggle_io", "I/O",
            "Show sockets, pipes, subprocesses, executor threads and signal handlers, with the "
            "task waiting on each (in place of Output)", footer=False),
    Command("a", "autoplay", "Auto-play",
            "Step by itself, a switch every second; any step key or p stops it", footer=False),
    Command("plus", "pace_faster", "Faster", "Auto-play faster (down to a step every 0.25 s)",
            footer=False, display="+"),
    Command("minus", "pace_slower", "Slower", "Auto-play slower (up to a step every 4 s)",
            footer=False, display="-"),
    Command("z", "toggle_fold", "asyncio's steps",
            "Show or fold away asyncio's own start-up and shutdown steps (folded at first)",
            footer=False),
    Command("x", "save_svg", "Save SVG",
            "Save the screen as an SVG, named by program and step, in the current directory",
            footer=False),
)


def widget_bindings(widget: str) -> list[Binding]:
    """The bindings of the rows that belong to ``widget`` (declared here, bound there)."""
    return [Binding(command.keys, command.action, command.title, show=command.footer)
            for command in COMMANDS if command.widget == widget]


__all__ = ["Command", "COMMANDS", "widget_bindings"]
