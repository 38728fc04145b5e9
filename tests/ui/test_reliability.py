"""Reliability of the debugger (issue 7): broken programs are shown truthfully, the app answers.

Each program of ``tests/reliability_programs/`` fails in its own way. Under Pilot the app must
show what happened (status bar, narration, the program's output) and keep answering keys:
``r`` starts the program again, ``q`` quits and leaves no debuggee behind.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from loopscope.ui.debugger import LoopscopeApp
from loopscope.ui.output import OutputView
from loopscope.ui.source import SourceView
from loopscope.ui.state import OUTPUT_LINES

from .conftest import REPO, MakeApp, process_of, screen_text, started, status_text, until

HERE = REPO / "tests" / "reliability_programs"


def prog(name: str) -> str:
    return f"tests/reliability_programs/{name}"


async def _restart_then_quit(pilot: object, app: LoopscopeApp, status: str) -> None:
    """``r`` runs the program again to the same end; ``q`` quits and kills the debuggee."""
    old = process_of(app)
    await pilot.press("r")  # type: ignore[attr-defined]
    await until(pilot, lambda: app.run_state.pauses >= 1 or app.run_state.ended)  # type: ignore[arg-type]
    assert process_of(app) is not old and old.poll() is not None
    if not app.run_state.ended:
        await pilot.press("c")  # type: ignore[attr-defined]
        await until(pilot, lambda: app.run_state.ended)  # type: ignore[arg-type]
    assert status_text(app).startswith(status)
    new = process_of(app)
    await pilot.press("q")  # type: ignore[attr-defined]
    assert app.return_value == 0
    assert new.poll() is not None


# -- 2. programs that fail before or without a loop ----------------------------------------------


async def test_a_syntax_error_is_shown_as_python_shows_it(make_app: MakeApp) -> None:
    app = make_app(prog("syntax_error.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(" crashed (exit 1) ")
        assert app.query_one(OutputView).lines == [
            ("stderr", f'  File "{HERE / "syntax_error.py"}", line 5'),
            ("stderr", "    def broken(:"),
            ("stderr", "               ^"),
            ("stderr", "SyntaxError: invalid syntax"),
        ]
        assert ("The program crashed with SyntaxError: invalid syntax (syntax_error.py, line 5)"
                " (exit 1); press r to restart") in screen_text(app)
        await _restart_then_quit(pilot, app, " crashed (exit 1) ")


async def test_an_exception_at_import_time_shows_the_traceback_and_the_line(
        make_app: MakeApp) -> None:
    app = make_app(prog("import_error.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(" crashed (exit 1) ")
        lines = app.query_one(OutputView).lines
        assert lines[0] == ("stdout", "importing")
        assert lines[-1] == ("stderr", "ModuleNotFoundError: No module named "
                                       "'no_such_module_loopscope_test'")
        assert ("stderr", f'  File "{HERE / "import_error.py"}", line 4, in <module>') in lines
        assert app.query_one(SourceView).cursor_line == 4
        await _restart_then_quit(pilot, app, " crashed (exit 1) ")


async def test_an_empty_file_just_finishes(make_app: MakeApp) -> None:
    app = make_app(prog("empty.py"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(" finished (exit 0) ")
        text = screen_text(app)
        assert "(no output yet)" in text
        assert "The program has finished (exit 0); press r to restart" in text
        await _restart_then_quit(pilot, app, " finished (exit 0) ")


# -- 3. programs that misbehave in the loop -------------------------------------------------------

ENDINGS = [
    ("sys_exit.py", " finished (exit 7) ", "The program has finished (exit 7)",
     ("stdout", "before exit")),
    ("os_exit.py", " died (exit 5) ", "The program died without finishing (exit 5)",
     ("stdout", "flushed before os._exit")),
    ("segfault.py", " died (SIGSEGV) ", "The program was killed by SIGSEGV",
     ("stdout", "about to crash")),
    ("self_signal.py", " died (SIGTERM) ", "The program was killed by SIGTERM",
     ("stdout", "about to die")),
    ("recursion.py", " crashed (exit 1) ",
     "The program crashed with RecursionError: maximum recursion depth exceeded at line 7",
     ("stderr", "RecursionError: maximum recursion depth exceeded")),
    ("blocking_sleep.py", " finished (exit 0) ", "The program has finished (exit 0)",
     ("stdout", "woke up")),
    ("close_stdout.py", " finished (exit 3) ", "The program has finished (exit 3)",
     ("stderr", "stderr still works")),
    ("chdir.py", " crashed (exit 1) ",
     "The program crashed with RuntimeError: after chdir at line 12", ("stdout", "now in /")),
    ("signal_handlers.py", " died (exit 9) ", "The program died without finishing (exit 9)",
     ("stdout", "loop handler: SIGUSR1")),
    ("thread_loops.py", " finished (exit 0) ", "The program has finished (exit 0)",
     ("stdout", "results: {1: 3, 2: 6, 3: 9}")),
    ("run_twice.py", " crashed (exit 1) ",
     "The program crashed with ValueError: second run fails at line 10",
     ("stdout", "first returned 1")),
]


@pytest.mark.parametrize(("name", "status", "sentence", "line"), ENDINGS,
                         ids=[name for name, *_ in ENDINGS])
async def test_a_misbehaving_program_ends_truthfully_and_the_app_answers(
        make_app: MakeApp, name: str, status: str, sentence: str,
        line: tuple[str, str]) -> None:
    app = make_app(prog(name))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(status)
        assert sentence in screen_text(app)
        assert line in app.query_one(OutputView).lines
        await _restart_then_quit(pilot, app, status)


#: The line a spinning ``while True: n += 1`` is caught at: CPython up to 3.13 gives the frame the
#: loop's header line (9), 3.14 the body's (10), for the back edge.
SPIN_LINE = 10 if sys.version_info >= (3, 14) else 9


async def test_an_endless_cpu_loop_is_named_by_p_and_q_still_quits(make_app: MakeApp) -> None:
    app = make_app(prog("cpu_loop.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "blocked")
        await pilot.press("p")
        await until(pilot, lambda: status_text(app).startswith(" blocked "))
        text = screen_text(app)
        assert (f"The loop is blocked: task Spinner holds it at line {SPIN_LINE}; it will pause "
                "when that step gives the loop back") in text
        assert "pausing..." in status_text(app)
        assert app.query_one(SourceView).marks.special == {SPIN_LINE: "!"}
        # What it printed before it got stuck is on screen although no pause came since.
        assert app.query_one(OutputView).lines == [("stdout", "spinning")]
        process = process_of(app)
        await pilot.press("q")
        assert app.return_value == 0
        assert process.poll() is not None


async def test_input_with_no_input_waits_for_a_line_and_q_still_quits(make_app: MakeApp) -> None:
    app = make_app(prog("input_eof.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "blocked")
        assert ("The loop is blocked: task Task-1 waits at line 9, probably for input: press i "
                "and type a line for it") in screen_text(app)
        assert app.query_one(OutputView).lines == [("stdout", "asking"), ("stdout", "name? ")]
        process = process_of(app)
        await pilot.press("q")
        assert app.return_value == 0
        assert process.poll() is not None


def _memory_kb(field: str) -> int:
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith(field + ":"):
            return int(row.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
async def test_50_mb_of_output_keeps_a_bounded_tail_and_says_what_it_dropped(
        make_app: MakeApp) -> None:
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current size
    before = _memory_kb("VmRSS")
    app = make_app(prog("big_output.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.ended, timeout=50)
        assert status_text(app).startswith(" finished (exit 0) ")
        kept = app.run_state.output.lines
        assert len(kept) == OUTPUT_LINES
        dropped = kept[0].start
        assert dropped == 50_500_005 - sum(len(line.text) + 1 for line in kept)
        lines = app.query_one(OutputView).lines
        assert lines[0] == ("loopscope", f"{dropped:,} characters of earlier output were "
                                         f"dropped: the last {OUTPUT_LINES:,} lines are kept")
        assert lines[-1] == ("stdout", "done")
        assert lines[-2][1].startswith("049990099 ")
        await pilot.press("q")
    peak = _memory_kb("VmHWM")
    assert peak - before < 200_000, f"the front end grew by {(peak - before) // 1024} MB"


# -- 4. a broken debuggee ---------------------------------------------------------------------


async def test_a_debuggee_that_breaks_the_protocol_is_a_state_and_q_still_quits() -> None:
    from loopscope.session import Launch
    from loopscope.ui.feed import LiveSource

    launch = Launch(target=["garbage"], cwd=str(REPO), time_limit=86400.0,
                    agent_script=str(HERE / "fake_debuggee.py"))
    app = LoopscopeApp(LiveSource(launch))
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: app.run_state.ended)
            assert status_text(app).startswith(" died (lost) ")
            assert ("loopscope: the debuggee sent a bad message (message is not JSON: Expecting "
                    "value: line 1 column 1 (char 0)); the session was ended; press r to "
                    "restart") == app.run_state.live_narration
            assert "the debuggee sent a bad message" in screen_text(app)
            process = process_of(app)
            assert process.poll() is not None
            await pilot.press("q")
            assert app.return_value == 0
    finally:
        app.source.stop()


async def test_a_debuggee_killed_from_outside_says_so_and_q_still_quits(
        make_app: MakeApp) -> None:
    app = make_app(prog("cpu_loop.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "blocked")
        process_of(app).kill()
        await until(pilot, lambda: app.run_state.ended)
        assert status_text(app).startswith(" died (SIGKILL) ")
        assert "The program was killed by SIGKILL; press r to restart" in screen_text(app)
        await pilot.press("q")
        assert app.return_value == 0
