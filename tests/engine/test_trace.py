"""``loopscope trace``: what a whole run looks like, as events and as text.

Every run here is a real ``python -m loopscope trace`` in a subprocess. The scripts run on the
virtual clock, so ``queue_workers.py`` (17 s of sleeps) takes a fraction of a second, and the
exact sequence of events is the same on every run and every supported Python once normalised
(``_support.normalize``: basenames, ``Task-#`` for automatic names, no stdlib line numbers).

Golden files live in ``tests/expected/``. To regenerate them after an intended change, run
``LOOPSCOPE_UPDATE_GOLDEN=1 python -m pytest tests/engine/test_trace.py`` and read the diff:
they are the specification of the trace.
"""

from __future__ import annotations

import re
import sys
import time

import pytest

from ._support import (
    PROGRAMS,
    SAMPLES,
    golden,
    golden_events,
    has_module,
    kinds,
    loopscope,
    normalize,
    normalize_text,
    of_kind,
    python,
    trace_json,
)

needs_codetiming = pytest.mark.skipif(not has_module("codetiming"),
                                      reason="the samples use codetiming")


def sample(name: str) -> str:
    """A sample's path as a user types it from the repository root."""
    if (SAMPLES / name).exists():
        return f"samples/{name}"  # the runs' working directory is the repository root
    return str(PROGRAMS / name)  # a copy of our own, if the samples are not there


# -- golden traces of the samples --------------------------------------------------------------

QUEUE_WORKERS_OUTPUT = """\
Task One running
Task Two running
Task Two elapsed time: 10.0
Task Two running
Task One elapsed time: 15.0
Task One running
Task Two elapsed time: 5.0
Task One elapsed time: 2.0

Total elapsed time: 17.0
"""


@needs_codetiming
def test_queue_workers_prints_the_textbook_figures_quickly() -> None:
    started = time.monotonic()
    proc = loopscope("trace", sample("queue_workers.py"))
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 10  # 17 s of sleeps, on the virtual clock
    assert proc.stdout == QUEUE_WORKERS_OUTPUT
    lines = proc.stdout.splitlines()
    for figure in ("Task One elapsed time: 15.0", "Task Two elapsed time: 10.0",
                   "Task Two elapsed time: 5.0", "Task One elapsed time: 2.0",
                   "Total elapsed time: 17.0"):
        assert figure in lines


@needs_codetiming
@pytest.mark.parametrize("name", ["queue_workers", "waiter"])
def test_golden_json_trace(name: str) -> None:
    events, stderr, code = trace_json(sample(f"{name}.py"))
    assert code == 0
    assert stderr == ""
    golden_events(f"trace_{name}.jsonl", events)


@needs_codetiming
@pytest.mark.parametrize(("name", "code"), [
    ("gather_vs_sequential", 0), ("blocking_call", 0), ("producer_consumer", 0),
    ("taskgroup_failure", 0), ("deadlock", 1)])
def test_golden_json_trace_of_the_other_samples(name: str, code: int) -> None:
    events, _, status = trace_json(sample(f"{name}.py"))
    assert status == code
    golden_events(f"trace_{name}.jsonl", events)


@needs_codetiming
@pytest.mark.parametrize("name", ["queue_workers", "waiter"])
def test_golden_human_trace(name: str) -> None:
    proc = loopscope("trace", sample(f"{name}.py"))
    assert proc.returncode == 0
    golden(f"trace_{name}.stdout", proc.stdout)
    golden(f"trace_{name}.stderr", normalize_text(proc.stderr))


@needs_codetiming
def test_json_trace_is_the_same_every_run() -> None:
    first = normalize(trace_json(sample("queue_workers.py"))[0])
    second = normalize(trace_json(sample("queue_workers.py"))[0])
    assert first == second


@needs_codetiming
def test_json_output_events_carry_exactly_the_programs_stdout() -> None:
    events, _, _ = trace_json(sample("queue_workers.py"))
    text = "".join(e["text"] for e in of_kind(events, "output") if e["stream"] == "stdout")
    assert text == QUEUE_WORKERS_OUTPUT


@needs_codetiming
def test_json_trace_ends_with_the_exit_event() -> None:
    events, _, _ = trace_json(sample("queue_workers.py"))
    assert events[-1] == {"kind": "exit", "code": 0}
    assert kinds(events).count("exit") == 1
    assert "hello" not in kinds(events)


@needs_codetiming
def test_task_created_names_the_task_and_its_parent() -> None:
    # asyncio.create_task(..., name="One") sets the name after loop.create_task returns on
    # 3.11/3.12: the event must still carry "One", and say which task created it.
    events, _, _ = trace_json(sample("queue_workers.py"))
    created = {e["task"]: e for e in of_kind(events, "task_created")}
    main_id = of_kind(events, "task_created")[0]["task_id"]
    for name in ("One", "Two"):
        assert created[name]["coro"] == "task"
        assert created[name].get("parent_id") == main_id
        assert created[name].get("parent") == of_kind(events, "task_created")[0]["task"]


@needs_codetiming
def test_task_created_comes_before_what_the_creator_printed_next() -> None:
    # waiter.py creates four tables, then prints "The waiter has seated 4 tables".
    events, _, _ = trace_json(sample("waiter.py"))
    (seated,) = [e for e in of_kind(events, "output") if "seated" in e["text"]]
    created = [e for e in of_kind(events, "task_created") if e["task"].startswith("Table")]
    assert len(created) == 4
    assert all(events.index(e) < events.index(seated) for e in created)


def test_timers_due_together_fire_in_the_order_python_fires_them() -> None:
    plain = python(PROGRAMS / "timer_ties.py")
    assert plain.stdout == "B\nC\nA\n"
    for _ in range(3):  # the same order every run
        assert loopscope("trace", PROGRAMS / "timer_ties.py").stdout == plain.stdout


# -- deadlock ----------------------------------------------------------------------------------


def test_deadlock_names_every_waiting_task_and_what_it_waits_for() -> None:
    started = time.monotonic()
    events, stderr, code = trace_json(PROGRAMS / "deadlock.py", timeout=30)
    assert time.monotonic() - started < 10
    assert code != 0
    (deadlock,) = of_kind(events, "deadlock")
    waiting = [normalize({k: t[k] for k in ("task", "awaiting", "file", "line")})
               for t in deadlock["tasks"]]
    assert waiting == [
        {"task": "Task-#", "awaiting": "gather(2 tasks, 0 done)", "file": "deadlock.py",
         "line": 18},
        {"task": "Alice", "awaiting": "Event.wait()", "file": "deadlock.py", "line": 7},
        {"task": "Reader", "awaiting": "Queue.get()", "file": "deadlock.py", "line": 11},
    ]
    assert deadlock["t"] == 0.0
    # Nothing of the program ran after the deadlock but asyncio.run's own clean-up.
    after = events[events.index(deadlock) + 1:]
    assert not [e for e in after if e["kind"] == "output" and e["stream"] == "stdout"]


def test_deadlock_in_the_human_trace() -> None:
    proc = loopscope("trace", PROGRAMS / "deadlock.py", timeout=30)
    assert proc.returncode == 1
    assert proc.stdout == "waiting\n"
    lines = proc.stderr.splitlines()
    start = lines.index("        DEADLOCK at t=0: no task can ever run again")
    assert normalize_text("\n".join(lines[start + 1: start + 8])) == (
        "          task Task-# awaits gather(2 tasks, 0 done) at deadlock.py:18\n"
        "            → Alice: gathered\n"
        "            → Reader: gathered\n"
        "          task Alice awaits Event.wait() at deadlock.py:7\n"
        "            (no task could set Event event)\n"
        "          task Reader awaits Queue.get() at deadlock.py:11\n"
        "            (no task could put into Queue queue)"
    )
    assert lines.count("        DEADLOCK at t=0: no task can ever run again") == 1


def test_deadlock_is_said_in_summary_mode_too() -> None:
    proc = loopscope("trace", "--summary", PROGRAMS / "deadlock.py", timeout=30)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert "        DEADLOCK at t=0: no task can ever run again" in lines
    assert not any(line.startswith("[") for line in lines)  # no per-switch lines


# -- a blocked loop ----------------------------------------------------------------------------


def test_time_sleep_is_reported_as_blocking_with_its_line() -> None:
    events, _, code = trace_json(PROGRAMS / "blocking.py")
    assert code == 0
    (blocked,) = of_kind(events, "blocked")
    assert normalize(blocked) == {
        "kind": "blocked", "seconds": 0.4, "file": "blocking.py", "line": 9, "ongoing": False,
        "call": "time.sleep", "task_id": blocked["task_id"], "task": "Blocker"}
    # The virtual clock moved by the 0.4 s the loop was held.
    (done,) = [e for e in of_kind(events, "switch") if e["task"] == "Blocker" and e.get("done")]
    assert done["t"] == pytest.approx(1.4)


def test_time_sleep_in_the_human_trace() -> None:
    proc = loopscope("trace", PROGRAMS / "blocking.py")
    assert ("        BLOCKED in task Blocker at blocking.py:9: time.sleep(0.4) held the loop"
            in proc.stderr.splitlines())
    assert proc.stdout == "blocker done\n"


def test_time_sleep_on_the_real_clock_is_reported_while_it_blocks() -> None:
    events, _, code = trace_json("--clock", "real", PROGRAMS / "blocking.py")
    assert code == 0
    located = [e for e in of_kind(events, "blocked") if e["file"] is not None]
    assert located, of_kind(events, "blocked")
    assert normalize(located[0])["file"] == "blocking.py"
    assert located[0]["line"] == 9
    assert located[0]["task"] == "Blocker"


def test_time_sleep_on_the_real_clock_reports_how_long_the_step_held_the_loop() -> None:
    # After the step ends, one more ``blocked`` event (ongoing: false) gives the total.
    events, _, _ = trace_json("--clock", "real", PROGRAMS / "blocking.py")
    final = [e for e in of_kind(events, "blocked") if not e["ongoing"]]
    assert len(final) == 1, of_kind(events, "blocked")
    assert final[0]["seconds"] >= 0.35
    assert final[0]["task"] == "Blocker"


# -- exit codes, exceptions --------------------------------------------------------------------


def test_sys_exit_in_a_coroutine_gives_its_code() -> None:
    events, stderr, code = trace_json(PROGRAMS / "exit_code.py")
    assert code == 7
    assert events[-1] == {"kind": "exit", "code": 7}
    assert stderr == ""
    assert loopscope("trace", PROGRAMS / "exit_code.py").returncode == 7


def test_sys_exit_step_is_in_the_trace() -> None:
    # The step that called sys.exit ran: it is a switch like any other, and the task ended.
    events, _, _ = trace_json(PROGRAMS / "exit_code.py")
    exiter = [e for e in of_kind(events, "switch") if e["task"] == "Exiter"]
    assert len(exiter) == 2 and exiter[-1].get("done") is True
    (done,) = [e for e in of_kind(events, "task_done") if e["task"] == "Exiter"]
    assert done["outcome"] == "exception" and done["detail"].startswith("SystemExit")


def test_uncaught_exception_exit_status_and_event() -> None:
    events, _, code = trace_json(PROGRAMS / "crash.py")
    assert code == 1
    (exc,) = of_kind(events, "exception")
    assert normalize(exc) == {"kind": "exception", "type": "ValueError",
                              "message": "the soup is cold", "file": "crash.py", "line": 8}
    failed = {e["task"]: e for e in of_kind(events, "task_done") if e["outcome"] == "exception"}
    assert failed["Outer"]["detail"] == "ValueError: the soup is cold"


def test_uncaught_exception_traceback_is_what_python_prints() -> None:
    plain = python(PROGRAMS / "crash.py")
    events, front_end_stderr, _ = trace_json(PROGRAMS / "crash.py")
    assert front_end_stderr == ""
    stderr = "".join(e["text"] for e in of_kind(events, "output") if e["stream"] == "stderr")
    assert plain.returncode == 1
    assert "loopscope" not in stderr
    assert stderr == plain.stderr


TRACE_LINE = re.compile(r"^(\[ *\d+\] t=|        (BLOCKED|DEADLOCK|TIME LIMIT|task )|          task )")


def test_uncaught_exception_traceback_in_the_human_trace() -> None:
    plain = python(PROGRAMS / "crash.py")
    proc = loopscope("trace", PROGRAMS / "crash.py")
    assert proc.returncode == 1
    # The program's stderr goes straight to the terminal while the trace lines come from the
    # front end, so the two may interleave line by line; without the trace lines, what is left
    # is exactly python's stderr.
    program_lines = [line for line in proc.stderr.splitlines(keepends=True)
                     if not TRACE_LINE.match(line)]
    assert "".join(program_lines) == plain.stderr
    assert "loopscope/" not in proc.stderr


# -- eager tasks -------------------------------------------------------------------------------

needs_eager = pytest.mark.skipif(sys.version_info < (3, 12), reason="eager tasks are 3.12+")


@needs_eager
def test_eager_task_first_step_is_a_switch_marked_eager() -> None:
    events, _, code = trace_json(PROGRAMS / "eager.py")
    assert code == 0
    child = [e for e in of_kind(events, "switch") if e["task"] == "Child"]
    assert [e.get("eager", False) for e in child] == [True, False]
    first = normalize(child[0])
    assert (first["file"], first["line"], first["awaiting"]) == ("eager.py", 8,
                                                                 "sleep(1) until t=1")
    assert first["from_file"] is None
    created = [e for e in of_kind(events, "task_created") if e["task"] == "Child"]
    assert len(created) == 1 and events.index(created[0]) < events.index(child[0])


@needs_eager
def test_eager_step_is_reported_where_it_happened() -> None:
    # The child's first step ran inside create_task(): its switch comes before what the parent
    # printed after create_task() returned, and before the parent's own switch.
    events, _, _ = trace_json(PROGRAMS / "eager.py")
    (eager,) = [e for e in of_kind(events, "switch") if e.get("eager")]
    (created_line,) = [e for e in of_kind(events, "output") if e["text"] == "created\n"]
    (child_line,) = [e for e in of_kind(events, "output") if e["text"] == "child starts\n"]
    parent = [e for e in of_kind(events, "switch") if e["task"] != "Child"][0]
    assert events.index(child_line) < events.index(eager) < events.index(created_line)
    assert events.index(eager) < events.index(parent)


# -- modes and options -------------------------------------------------------------------------


@needs_codetiming
def test_summary_prints_totals_on_stderr_only() -> None:
    proc = loopscope("trace", "--summary", sample("queue_workers.py"))
    assert proc.returncode == 0
    assert proc.stdout == QUEUE_WORKERS_OUTPUT
    events, _, _ = trace_json(sample("queue_workers.py"))
    switches = len(of_kind(events, "switch"))
    callbacks = len(of_kind(events, "callback"))
    tasks = len(of_kind(events, "task_created"))
    (line,) = proc.stderr.splitlines()
    assert re.fullmatch(
        rf"loopscope: {switches} switches, {callbacks} callbacks, {tasks} tasks, virtual time "
        r"17 s, wall time \d+\.\d{3} s, exit 0", line), line


def test_summary_keeps_the_exit_status() -> None:
    proc = loopscope("trace", "--summary", PROGRAMS / "exit_code.py")
    assert proc.returncode == 7
    assert proc.stderr.splitlines()[-1].endswith("exit 7")


def test_time_limit_stops_an_endless_program() -> None:
    started = time.monotonic()
    events, _, code = trace_json("--time-limit", "100", PROGRAMS / "forever.py", timeout=30)
    assert time.monotonic() - started < 10
    assert code == 124
    (limit,) = of_kind(events, "time_limit")
    assert limit["t"] == 101.0  # the first jump past t=100
    ticks = [e for e in of_kind(events, "switch") if e["t"] <= 100 and not e.get("internal")]
    assert len(ticks) == 101


def test_time_limit_in_the_human_trace() -> None:
    proc = loopscope("trace", "--time-limit", "100", PROGRAMS / "forever.py", timeout=30)
    assert proc.returncode == 124
    lines = proc.stderr.splitlines()
    assert "        TIME LIMIT: virtual time passed t=101" in lines
    assert "loopscope: stopped at the virtual time limit t=100 s (--time-limit)" in lines


def test_module_mode_runs_like_python_dash_m() -> None:
    plain = python("-m", "demo_pkg.hello", "a", "b c", cwd=PROGRAMS)
    proc = loopscope("trace", "-m", "demo_pkg.hello", "a", "b c", cwd=PROGRAMS)
    assert proc.returncode == plain.returncode == 0, proc.stderr
    assert proc.stdout == plain.stdout
    assert "hello from __main__ demo_pkg.hello" in proc.stdout
    events, _, _ = trace_json("-m", "demo_pkg.hello", cwd=PROGRAMS)
    greeter = [normalize(e) for e in of_kind(events, "switch") if e["task"] == "Greeter"]
    assert [(e["file"], e["line"]) for e in greeter] == [("hello.py", 8), (None, None)]


def test_module_mode_unknown_module() -> None:
    proc = loopscope("trace", "-m", "no_such_module_here", cwd=PROGRAMS)
    assert proc.returncode != 0
    assert "no_such_module_here" in proc.stderr


def test_script_sees_argv_and_path_as_under_python() -> None:
    plain = python("argv_path.py", "one", "two words", cwd=PROGRAMS)
    proc = loopscope("trace", "argv_path.py", "one", "two words", cwd=PROGRAMS)
    assert proc.returncode == 0
    assert proc.stdout == plain.stdout


def test_script_sees_argv_and_path_as_under_python_from_another_directory() -> None:
    plain = python("tests/engine/programs/argv_path.py", "--flag")
    proc = loopscope("trace", "tests/engine/programs/argv_path.py", "--flag")
    assert proc.stdout == plain.stdout


def test_stdin_is_forwarded_to_the_script() -> None:
    proc = loopscope("trace", PROGRAMS / "echo_stdin.py", stdin="hello world\nsecond line\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "got 'hello world' and 'second line'\n"


def test_stdin_at_end_of_file_is_eof_error_as_under_python() -> None:
    plain = python(PROGRAMS / "echo_stdin.py", stdin="")
    events, _, code = trace_json(PROGRAMS / "echo_stdin.py", stdin="")
    assert code == plain.returncode == 1
    (exc,) = of_kind(events, "exception")
    assert exc["type"] == "EOFError"


def test_trace_times_are_never_in_exponent_form() -> None:
    from loopscope.trace import format_event, seconds

    assert [seconds(t) for t in (0.0, 7.0, 0.5, 4.6e-05, 1234567.0)] == [
        "0", "7", "0.5", "0.000046", "1234567"]
    line = format_event({"kind": "switch", "switch": 3, "t": 4.6e-05, "task": "echo",
                         "file": "srv.py", "line": 9})
    assert line is not None and line.startswith("[    3] t=0.000046 echo ")
