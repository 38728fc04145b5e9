"""``python -m loopscope.conformance``: CPython's own asyncio tests, stock loop vs SteppingEventLoop.

The design's yardstick for ``SteppingEventLoop`` is that it "behaves exactly like the stock loop
(CPython's own test_asyncio is the yardstick)". This harness measures exactly that, on any CPython
3.11+ that ships its test suite (``--python PATH``, default: this interpreter):

1. **stock run**: ``PYTHON -m test test_asyncio -jN --junit-xml ...`` (libregrtest);
2. **stepping run**: the same command, with ``SteppingEventLoop`` installed in every process the
   tests run in, by ``loopscope.engine.loop.install_factories()`` (``asyncio.new_event_loop``,
   ``asyncio.events.new_event_loop``, ``asyncio.SelectorEventLoop``, the ``unix_events`` names,
   ``EventLoop`` and the default policy's ``_loop_factory``);
3. both results are parsed (per test id from the JUnit XML, per test file from the log) and
   compared. Exit status 0 means: the stepping run ran the same tests, with the same failures,
   errors and skips, and the same per-file results, as the stock run, and the sanity check passed.

How the loop gets in: a temporary directory holding a ``sitecustomize.py`` and a ``loopscope``
symlink to this package goes first on the subprocesses' ``PYTHONPATH``. libregrtest's worker
processes inherit the environment, and so do the subprocesses the tests start themselves (unless
they run ``-E``/``-I``), so every one of them imports the bootstrap at startup. The target
interpreter does not need loopscope installed: the engine is standard library only. An existing
``sitecustomize`` of the target interpreter is still run (the bootstrap chains to it).

No loopscope ``Session`` is active in these runs, so ``SteppingEventLoop()`` runs on the real clock
with no hook: that is the loop a script gets when nobody steps it, and the one that must behave
exactly like the stock loop. (The stepping machinery itself is covered by loopscope's own tests.)

The sanity check, so that the harness can never silently test the stock loop twice: the bootstrap
counts every event loop constructed in each process, by class (a counting wrapper around
``BaseEventLoop.__init__``, present in *both* runs so that they are instrumented alike), checks at
exit that the factories are still ours, and writes one JSON report per process. The stepping run
must have created SteppingEventLoops and no stock selector loop (a stock ``_UnixSelectorEventLoop``
there is a loop that escaped the replacement; where it was made is listed); the stock run must have
created no SteppingEventLoop.

``--quick`` runs a subset of the test files (the loop, tasks, runners, queues, locks and eager
tasks) for a fast check; see ``docs/conformance.md`` for the measured times and results.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

from .results import (
    Difference,
    RunResult,
    classify_file_status,
    differences,
    file_statuses,
    format_differences,
    parse_junit,
    parse_log,
    sanity_problems,
    summary_json,
    table,
)
from .runner import (
    MODES,
    PACKAGE_DIR,
    QUICK_MODULES,
    Target,
    probe,
    run_suite,
    selected_tests,
    stop,
    subprocess_env,
    write_bootstrap,
)

# -- command line ---------------------------------------------------------------------------------


def check_one(python: str, args: argparse.Namespace) -> tuple[bool, dict[str, Any] | None]:
    target = probe(python)
    if target.implementation != "CPython" or target.version_info < (3, 11):
        print(f"conformance: {python} is {target.implementation} {target.version}; "
              "loopscope needs CPython 3.11+", file=sys.stderr)
        return False, None
    if target.modules is None:
        print(f"conformance: SKIPPED {python} (CPython {target.version}) does not ship "
              f"test.test_asyncio and libregrtest ({target.missing})")
        return (not args.require_suite), None
    tests = selected_tests(target, args.quick, args.tests)
    scope = ("quick: " + " ".join(t.split(".", 1)[-1] for t in tests) if args.quick
             else "full suite" if not args.tests else " ".join(tests))
    keep = args.workdir is not None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="loopscope-conformance-"))
    workdir = workdir / f"py{target.version}"
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"conformance: CPython {target.version} ({python}), {scope}", flush=True)
    try:
        return compare(target, scope, tests, workdir, args)
    except BaseException:
        # Interrupted or terminated: run_suite has stopped libregrtest; leave no temp dir.
        print("\nconformance: interrupted", file=sys.stderr)
        if not keep:
            shutil.rmtree(workdir.parent, ignore_errors=True)
        raise


def compare(target: Target, scope: str, tests: list[str], workdir: Path,
            args: argparse.Namespace) -> tuple[bool, dict[str, Any]]:
    """Both runs, the table, the re-runs of differences, the verdict."""
    keep = args.workdir is not None
    runs = {}
    for mode in MODES:
        print(f"  {mode} run ...", end="" if not args.verbose else "\n", flush=True)
        runs[mode] = run_suite(target, mode, tests, workdir, jobs=args.jobs,
                               timeout=args.timeout, verbose=args.verbose)
        print(f" {runs[mode].wall:.1f} s, {runs[mode].result_line or runs[mode].returncode}",
              flush=True)
    stock, stepping = runs["stock"], runs["stepping"]
    print()
    print(table(target, scope, args.jobs, stock, stepping))
    problems = sanity_problems(stock, stepping)
    diffs = differences(stock, stepping)
    flaky: list[Difference] = []
    attempt = 0
    while diffs and not problems and attempt < args.rerun:
        # Timing-sensitive tests can fail once under load with either loop. Run the test files
        # concerned again, both ways: a difference counts only if it shows up again.
        attempt += 1
        files = sorted({d.test_file for d in diffs})
        print(f"\n  {len(diffs)} difference(s); re-running {' '.join(files)} "
              f"(attempt {attempt} of {args.rerun}) to tell a flaky test from a real difference")
        again = {}
        for mode in MODES:
            print(f"  {mode} re-run ...", end="" if not args.verbose else "\n", flush=True)
            again[mode] = run_suite(target, mode, files, workdir, jobs=args.jobs,
                                    timeout=args.timeout, verbose=args.verbose,
                                    label=f"-rerun{attempt}")
            print(f" {again[mode].wall:.1f} s, "
                  f"{again[mode].result_line or again[mode].returncode}", flush=True)
        second = differences(again["stock"], again["stepping"])
        second_keys = {d.key for d in second}
        first_keys = {d.key for d in diffs}
        flaky += [d for d in diffs if d.key not in second_keys]
        flaky += [d for d in second if d.key not in first_keys]
        diffs = [d for d in second if d.key in first_keys]
    print()
    if problems:
        print("SANITY CHECK FAILED (the comparison proves nothing):")
        for p in problems:
            print(f"  - {p}")
    if flaky:
        print("FLAKY (seen once, not reproduced when re-run; not counted):")
        for line in format_differences(flaky):
            print(f"  - {line}")
    if diffs:
        print("DIFFERENCES between the stock loop and SteppingEventLoop:")
        for line in format_differences(diffs, tracebacks=5):
            print(f"  - {line}")
    ok = not diffs and not problems
    if ok:
        print(f"CONFORMS: SteppingEventLoop has the same results as the stock loop on "
              f"CPython {target.version} ({len(stepping.outcomes)} tests, "
              f"{stepping.count('failure') + stepping.count('error')} failing, "
              f"{stepping.count('skipped')} skipped in both runs).")
    if ok and not keep and not flaky:
        shutil.rmtree(workdir.parent if args.workdir is None else workdir, ignore_errors=True)
    else:
        print(f"logs, JUnit XML and bootstrap reports: {workdir}")
    return ok, summary_json(target, scope, stock, stepping, diffs, flaky, problems)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m loopscope.conformance",
        description="Run CPython's test.test_asyncio with the stock loop and with loopscope's "
                    "SteppingEventLoop in its place, and compare the results.")
    parser.add_argument("--python", action="append", metavar="PATH",
                        help="interpreter to test (repeatable; default: this one)")
    parser.add_argument("--quick", action="store_true",
                        help="a subset: " + ", ".join(QUICK_MODULES))
    parser.add_argument("--tests", nargs="+", metavar="MODULE",
                        help="run these test_asyncio modules only (e.g. test_events)")
    parser.add_argument("-j", "--jobs", type=int, default=2,
                        help="libregrtest worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=600,
                        help="libregrtest per-file timeout in seconds (default 600; the "
                             "slowest file, test_tasks, takes about 30 s)")
    parser.add_argument("--rerun", type=int, default=1, metavar="N",
                        help="re-run the test files with differences up to N times, both ways, "
                             "and count only differences that reproduce (default 1; 0: strict)")
    parser.add_argument("--workdir", metavar="DIR",
                        help="keep logs, JUnit XML and reports here (default: a temporary "
                             "directory, removed when the runs conform)")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    parser.add_argument("--require-suite", action="store_true",
                        help="fail (instead of skip) when an interpreter has no test suite")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show libregrtest's output as it runs")
    return parser


def prepare_signals() -> None:
    """Give the test suite a working SIGINT, and make SIGTERM clean up.

    Started as a background job (``cmd &``, ``nohup``), a process inherits SIGINT ignored; then
    ``asyncio.Runner`` installs no SIGINT handler and ``_thread.interrupt_main()`` does nothing,
    and test_asyncio.test_runners spins forever on its mocked selector, its Mock call history
    growing by gigabytes (CPython gh-154167; seen here, with the stock loop). A Python-level
    handler here becomes SIG_DFL in the children, which then install Python's default one."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def terminated(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)  # unwinds through run_suite, which stops libregrtest

    signal.signal(signal.SIGTERM, terminated)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    prepare_signals()
    pythons = args.python or [sys.executable]
    all_ok = True
    summaries = []
    for python in pythons:
        ok, summary = check_one(python, args)
        all_ok = all_ok and ok
        if summary is not None:
            summaries.append(summary)
        if len(pythons) > 1:
            print()
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, indent=2) + "\n", encoding="utf-8")
    return 0 if all_ok else 1


__all__ = [
    "MODES", "PACKAGE_DIR", "QUICK_MODULES", "Difference", "RunResult", "Target",
    "classify_file_status", "differences", "file_statuses", "format_differences", "main",
    "parse_junit", "parse_log", "probe", "run_suite", "sanity_problems", "selected_tests", "stop",
    "subprocess_env", "summary_json", "table", "write_bootstrap",
]
