"""``python -m loopscope.conformance``: CPython's test_asyncio, stock loop vs SteppingEventLoop.

The fast tests check the harness's parts: the ``sitecustomize`` bootstrap really puts
``SteppingEventLoop`` in every place a test gets a loop from (and only counts loops in the stock
run), it chains to an interpreter's own ``sitecustomize``, the sanity check refuses a run where a
stock loop escaped or no stepping loop was made, and the log/JUnit parsing and the comparison
see the differences they should. The ``slow`` test runs ``--quick`` end to end (about a minute on
two cores); deselect it with ``-m "not slow"``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loopscope import conformance
from loopscope.conformance import Difference, RunResult

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="selector loop on Unix only")

#: Run in a child with the bootstrap: every way a test suite (or a script) gets a loop.
LOOP_KINDS = textwrap.dedent(
    """
    import asyncio, json, sys, warnings
    import loopscope

    def running():
        return type(asyncio.get_running_loop()).__name__

    async def main():
        return running()

    out = {"loopscope_file": loopscope.__file__}
    loop = asyncio.new_event_loop()
    out["new_event_loop"] = type(loop).__name__
    loop.close()
    loop = asyncio.events.new_event_loop()
    out["events.new_event_loop"] = type(loop).__name__
    loop.close()
    loop = asyncio.SelectorEventLoop()
    out["SelectorEventLoop"] = type(loop).__name__
    loop.close()
    out["run"] = asyncio.run(main())
    with asyncio.Runner() as runner:
        out["Runner"] = runner.run(main())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        loop = asyncio.get_event_loop_policy().new_event_loop()
    out["policy"] = type(loop).__name__
    loop.close()
    print(json.dumps(out))
    """
)


def child(tmp_path: Path, mode: str, code: str,
          extra_path: Path | None = None) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    """Run ``code`` under the bootstrap in ``mode``; return the process and the reports."""
    boot = conformance.write_bootstrap(tmp_path / "work")
    reports = tmp_path / f"reports-{mode}"
    reports.mkdir()
    env = conformance.subprocess_env(boot, mode, reports)
    if extra_path is not None:
        env["PYTHONPATH"] += os.pathsep + str(extra_path)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    found = [json.loads(p.read_text()) for p in sorted(reports.glob("*.json"))]
    return proc, found


def test_the_bootstrap_installs_stepping_event_loop_everywhere(tmp_path: Path) -> None:
    proc, reports = child(tmp_path, "stepping", LOOP_KINDS)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # loopscope came from the bootstrap directory, not from an installation: the other
    # Pythons the harness runs do not have loopscope installed.
    assert Path(out.pop("loopscope_file")).parent.parent == tmp_path / "work" / "bootstrap"
    assert out == dict.fromkeys(out, "SteppingEventLoop")
    assert len(out) == 6
    [report] = reports
    assert report["mode"] == "stepping" and report["error"] is None
    assert report["kinds"] == {"stepping": 6, "stock selector": 0, "other": 0}
    assert report["escaped"] == []
    assert all("loopscope" in v for v in report["factories"].values()), report["factories"]
    # The bootstrap is silent: the tests' own output checks must see what they would see.
    assert proc.stderr == ""


def test_the_stock_bootstrap_only_counts(tmp_path: Path) -> None:
    proc, reports = child(tmp_path, "stock", LOOP_KINDS)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    del out["loopscope_file"]
    assert out == dict.fromkeys(out, "_UnixSelectorEventLoop")
    [report] = reports
    assert report["kinds"] == {"stepping": 0, "stock selector": 6, "other": 0}
    assert not any("loopscope" in v for v in report["factories"].values())


def test_the_sanity_check_catches_a_loop_that_escaped(tmp_path: Path) -> None:
    code = "import asyncio.unix_events as u; u._UnixSelectorEventLoop().close()"
    _, stepping_reports = child(tmp_path, "stepping", code)
    assert stepping_reports[0]["kinds"]["stock selector"] == 1
    stock = RunResult("stock", 0, 1.0, outcomes={"t.a": "passed"},
                      reports=[{"kinds": {"stock selector": 1}}])
    stepping = RunResult("stepping", 0, 1.0, outcomes={"t.a": "passed"},
                         reports=stepping_reports)
    problems = conformance.sanity_problems(stock, stepping)
    assert any("escaped the replacement" in p for p in problems), problems
    assert any("no SteppingEventLoop was created" in p for p in problems), problems


def test_the_sanity_check_passes_a_proper_pair_and_refuses_a_silent_one() -> None:
    stock = RunResult("stock", 0, 1.0, outcomes={"t.a": "passed"},
                      reports=[{"pid": 1, "kinds": {"stock selector": 3}, "factories": {}}])
    stepping = RunResult("stepping", 0, 1.0, outcomes={"t.a": "passed"},
                         reports=[{"pid": 2, "kinds": {"stepping": 3},
                                   "factories": {"asyncio.new_event_loop":
                                                 "loopscope.engine.loop.new_event_loop"}}])
    assert conformance.sanity_problems(stock, stepping) == []
    # The bootstrap never ran (no reports): the comparison would prove nothing.
    silent = RunResult("stepping", 0, 1.0, outcomes={"t.a": "passed"})
    problems = conformance.sanity_problems(stock, silent)
    assert any("wrote no report" in p for p in problems)


def test_the_bootstrap_chains_to_the_interpreters_own_sitecustomize(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "sitecustomize.py").write_text("import builtins\nbuiltins.CHAINED = 42\n")
    code = "import asyncio, builtins; print(builtins.CHAINED, type(asyncio.new_event_loop()).__name__)"
    proc, _ = child(tmp_path, "stepping", code, extra_path=other)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["42", "SteppingEventLoop"]


def test_a_background_job_still_gives_the_tests_a_working_sigint() -> None:
    # ``cmd &`` starts a process with SIGINT ignored; test_runners then spins forever
    # (CPython gh-154167). The harness hands its children a default SIGINT again.
    probe = ("import signal; "
             "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)")
    code = textwrap.dedent(
        f"""
        import subprocess, sys
        from loopscope import conformance
        def child():
            return subprocess.run([sys.executable, "-c", {probe!r}], capture_output=True,
                                  text=True).stdout.strip()
        before = child()
        conformance.prepare_signals()
        print(before, child())
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert proc.stdout.split() == ["False", "True"], proc.stderr


def test_the_log_parser_reads_every_progress_line_format() -> None:
    log = textwrap.dedent(
        """\
        0:00:00 load avg: 3.55 [ 1/29] test_asyncio.test_buffered_proto passed
        0:00:13 [14/29] test_asyncio.test_server passed
        0:01:06 load avg: 4.76 [29/31] test_asyncio.test_tasks passed (30.3 sec)
        0:01:14 load avg: 5.02 [23/31] test_asyncio.test_locks passed -- running (1): test_asyncio.test_subprocess (30.2 sec)
        0:01:17 load avg: 5.02 [29/31] test_asyncio.test_windows_events skipped
        test_asyncio.test_windows_events skipped -- Windows only
        0:01:20 load avg: 1.0 [30/31] test_asyncio.test_events failed (1 failure)
        0:01:21 load avg: 1.0 [31/31/1] test_asyncio.test_streams failed (env changed)

        == Tests result: FAILURE ==

        Total tests: run=2,561 failures=1 skipped=18
        Result: FAILURE
        """
    )
    result = RunResult("stock", 1, 1.0)
    conformance.parse_log(log, result)
    assert result.files == {
        "test_asyncio.test_buffered_proto": "passed",
        "test_asyncio.test_server": "passed",
        "test_asyncio.test_tasks": "passed",
        "test_asyncio.test_locks": "passed",
        "test_asyncio.test_windows_events": "skipped",
        "test_asyncio.test_events": "failed (1 failure)",
        "test_asyncio.test_streams": "failed (env changed)",
    }
    assert result.total_line == "run=2,561 failures=1 skipped=18"
    assert result.result_line == "FAILURE"


def test_the_junit_parser_and_the_comparison(tmp_path: Path) -> None:
    def xml(cases: str) -> Path:
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}.xml"
        path.write_text(f"<testsuites><testsuite>{cases}</testsuite></testsuites>")
        return path

    base = "test.test_asyncio.test_events.HandleTests."
    stock, stepping = RunResult("stock", 0, 1.0), RunResult("stepping", 1, 1.0)
    conformance.parse_junit(xml(
        f'<testcase name="{base}a"/><testcase name="{base}b"><skipped>Windows only</skipped>'
        f'</testcase><testcase name="{base}c"/>'), stock)
    conformance.parse_junit(xml(
        f'<testcase name="{base}a"><failure>Traceback\nAssertionError: no</failure></testcase>'
        f'<testcase name="{base}b"><skipped>Windows only</skipped></testcase>'), stepping)
    assert stock.outcomes == {base + "a": "passed", base + "b": "skipped", base + "c": "passed"}
    assert stock.skip_reasons == {base + "b": "Windows only"}
    assert stepping.messages[base + "a"].endswith("AssertionError: no")
    diffs = conformance.differences(stock, stepping)
    assert [(d.kind, d.item) for d in diffs] == [
        ("ran in the stock run only", base + "c"),
        ("failing with SteppingEventLoop only", base + "a"),
    ]
    assert diffs[1].test_file == "test_asyncio.test_events"
    text = "\n".join(conformance.format_differences(diffs, tracebacks=1))
    assert "| AssertionError: no" in text
    # The same results both ways: nothing to report.
    assert conformance.differences(stock, stock) == []
    # Differences are compared across re-runs by what and where, not by their traceback.
    assert Difference("k", "x", message="one").key == Difference("k", "x", message="two").key


def test_quick_selects_only_the_files_this_python_has() -> None:
    target = conformance.Target("python", "3.11.7", (3, 11, 7), "CPython",
                                modules=["test_base_events", "test_events", "test_tasks",
                                         "test_locks", "test_queues", "test_runners"])
    quick = conformance.selected_tests(target, quick=True, tests=None)
    assert "test_asyncio.test_eager_task_factory" not in quick  # 3.12+
    assert quick[0] == "test_asyncio.test_base_events" and len(quick) == 6
    assert conformance.selected_tests(target, quick=False, tests=None) == ["test_asyncio"]
    assert conformance.selected_tests(target, quick=False, tests=["test_events"]) == [
        "test_asyncio.test_events"]


@pytest.mark.slow
def test_quick_conformance_on_this_python(tmp_path: Path) -> None:
    """The stepping loop passes CPython's own asyncio tests like the stock loop (``--quick``)."""
    target = conformance.probe(sys.executable)
    if target.modules is None:
        pytest.skip(f"this Python does not ship test.test_asyncio ({target.missing})")
    summary = tmp_path / "summary.json"
    env = dict(os.environ)  # the repository first: the CI venvs of other Pythons lack loopscope
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(conformance.PACKAGE_DIR.parent), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "loopscope.conformance", "--quick", "--json", str(summary)],
        capture_output=True, text=True, timeout=1800, cwd=tmp_path, env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "CONFORMS" in proc.stdout
    [result] = json.loads(summary.read_text())
    assert result["conforms"] and not result["differences"] and not result["sanity"]
    assert result["stepping"]["tests"] == result["stock"]["tests"] > 1000
    assert result["stepping"]["loops"].get("loopscope.engine.loop.SteppingEventLoop", 0) > 100
