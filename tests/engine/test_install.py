"""Every way a script can make an event loop gets loopscope's stepping loop.

Each program in ``programs/install/`` makes its loop one way (``asyncio.run``, ``Runner``,
``new_event_loop`` + ``run_until_complete``, a name bound by ``from asyncio import ...`` after
loopscope started, ``get_event_loop`` at module level, ``loop_factory=``, a policy subclass, a
loop subclass of the script's own) and prints ``type(asyncio.get_running_loop()).__name__`` from
a task named ``Worker``. Under loopscope that is ``SteppingEventLoop`` (or the script's own
subclass of it), the trace has ``switch`` events for Worker (so the stepping loop really ran),
and apart from the loop's name the program behaves and warns exactly as under plain python:
loopscope adds no warning of its own, and a policy the script set is still obeyed.
"""

from __future__ import annotations

import sys

import pytest

from ._support import PROGRAMS, normalize, of_kind, program_output, python, trace_json

INSTALL = PROGRAMS / "install"

NEEDS_312 = {"loop_factory_selector", "loop_factory_new"}  # asyncio.run(loop_factory=) is 3.12+
#: 3.14: ``get_event_loop()`` with no current loop raises RuntimeError, under plain python too:
#: no loop is made that way (the program still behaves as under plain python, below).
NO_LOOP_314 = {"get_event_loop"}
#: The script's own DeprecationWarnings (``get_event_loop()`` with no loop on 3.12 and 3.13, the
#: policy API on 3.14+) are the script's business; loopscope's would come from elsewhere.
STRICT = ("error::DeprecationWarning,error::PendingDeprecationWarning,"
          "ignore::DeprecationWarning:__main__")

PROGRAM_NAMES = sorted(p.stem for p in INSTALL.glob("*.py"))


def params() -> list[object]:
    out = []
    for name in PROGRAM_NAMES:
        marks = []
        if name in NEEDS_312:
            marks.append(pytest.mark.skipif(sys.version_info < (3, 12),
                                            reason="loop_factory= is 3.12+"))
        out.append(pytest.param(name, marks=marks, id=name))
    return out


def test_the_programs_are_all_there() -> None:
    assert set(PROGRAM_NAMES) >= {
        "run", "runner", "runner_factory", "new_event_loop", "events_new_event_loop",
        "from_import", "get_event_loop", "set_event_loop", "loop_factory_selector",
        "loop_factory_new", "policy", "subclass"}


def expected_loop(name: str) -> str:
    return "MyLoop" if name == "subclass" else "SteppingEventLoop"


@pytest.mark.parametrize("name", params())
def test_the_stepping_loop_runs(name: str) -> None:
    if name in NO_LOOP_314 and sys.version_info >= (3, 14):
        pytest.skip("3.14+: get_event_loop() without a loop raises, as under plain python")
    events, front_end_stderr, code = trace_json(INSTALL / f"{name}.py")
    assert code == 0, program_output(events, "stderr")
    assert front_end_stderr == ""
    assert program_output(events, "stdout").splitlines()[0] == expected_loop(name)
    worker = [normalize(e) for e in of_kind(events, "switch") if e["task"] == "Worker"]
    sleep_line = (INSTALL / f"{name}.py").read_text().splitlines().index(
        "    await asyncio.sleep(1)") + 1
    assert [(e["file"], e["line"], e.get("done", False)) for e in worker] == [
        (f"{name}.py", sleep_line, False), (None, None, True)]
    assert of_kind(events, "clock_jumped")[0]["to"] == 1.0  # and on the virtual clock


@pytest.mark.parametrize("name", params())
def test_the_program_behaves_and_warns_as_under_python(name: str) -> None:
    warnings = {"PYTHONWARNINGS": "default"}  # every warning shown, loopscope's too
    plain = python(INSTALL / f"{name}.py", extra_env=warnings)
    events, _, code = trace_json(INSTALL / f"{name}.py", extra_env=warnings)
    expected_code = 1 if name in NO_LOOP_314 and sys.version_info >= (3, 14) else 0
    assert code == plain.returncode == expected_code
    stdout = program_output(events, "stdout")
    assert stdout.replace("SteppingEventLoop", "_UnixSelectorEventLoop") == plain.stdout
    assert program_output(events, "stderr") == plain.stderr


@pytest.mark.parametrize("name", params())
def test_loopscope_raises_no_deprecation_warning(name: str) -> None:
    if name in NO_LOOP_314 and sys.version_info >= (3, 14):
        pytest.skip("3.14+: get_event_loop() without a loop raises, as under plain python")
    # DeprecationWarning as an error, in the front end and (inherited) in the debuggee.
    strict = {"PYTHONWARNINGS": STRICT}
    events, front_end_stderr, code = trace_json(INSTALL / f"{name}.py", extra_env=strict)
    assert (code, front_end_stderr, program_output(events, "stderr")) == (0, "", "")
    assert program_output(events, "stdout").splitlines()[0] == expected_loop(name)


def test_a_policy_set_by_the_script_is_obeyed() -> None:
    events, _, _ = trace_json(INSTALL / "policy.py")
    assert program_output(events, "stdout") == (
        "SteppingEventLoop\nloops made by the policy: 1\n")
