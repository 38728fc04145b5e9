"""``python -m tests.thirdparty``: the command line; see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import compare, prepare
from .suites import SUITES
from .ways import WAYS, Run, run_way


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.thirdparty",
        description="Run janus' and anyio's test suites plain and under loopscope; compare.")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter the suites' venvs are made from (default: this one)")
    parser.add_argument("--suite", action="append", choices=sorted(SUITES),
                        help="run only this suite (repeatable; default: all)")
    parser.add_argument("--way", action="append", choices=list(WAYS),
                        help="run only this way (repeatable; default: all; plain always runs)")
    parser.add_argument("--quick", action="store_true",
                        help="a representative, time-bounded part of anyio (janus stays whole)")
    parser.add_argument("--bound", type=float, default=900.0,
                        help="seconds one run may take before it is interrupted (default 900)")
    parser.add_argument("--cache", type=Path, default=prepare.default_cache(),
                        help="where sdists, venvs and run logs live (default %(default)s)")
    return parser.parse_args(argv)


def head(run: Run, totals: dict[str, int]) -> str:
    counts = ", ".join(f"{n} {o}" for o in compare.OUTCOMES if (n := totals.get(o, 0)))
    cut = ", cut at the bound" if run.timed_out else ""
    return f"  {run.way:<8} {run.seconds:7.1f} s  exit {run.returncode}{cut}  {counts}"


def tail(run: Run, lines: int = 6) -> str:
    text = run.log.read_text(errors="replace").splitlines()[-lines:]
    return "\n".join(f"           | {line}"[:200] for line in text)


def check(name: str, args: argparse.Namespace) -> int:
    suite = SUITES[name]
    source = prepare.sdist(suite, args.cache)
    venv = prepare.venv(suite, source, args.python, args.cache)
    tag = prepare.interpreter_tag(args.python)
    out = args.cache / "runs" / f"{suite.folder}-{tag}{'-quick' if args.quick else ''}"
    out.mkdir(parents=True, exist_ok=True)
    pytest_args = [*(suite.quick if args.quick else suite.whole), *suite.options]
    ways = ["plain", *[w for w in WAYS if w != "plain" and (not args.way or w in args.way)]]
    print(f"\n== {suite.spec} on {tag}{' (quick)' if args.quick else ''}: "
          f"pytest {' '.join(pytest_args)}", flush=True)
    print(f"   {prepare.versions(venv, ['pytest', 'loopscope'])}; logs in {out}", flush=True)
    runs, results = [], {}
    for way in ways:
        run = run_way(way, venv / "bin" / "python", source, pytest_args, out, args.bound)
        runs.append(run)
        results[way] = compare.parse_junit(run.junit)
        print(f"   ran {way} in {run.seconds:.1f} s", file=sys.stderr, flush=True)
    tests = set().union(*(r.outcome for r in results.values()))
    for run in runs:
        print(head(run, compare.totals(results[run.way], tests)))
        if run.timed_out or run.returncode not in (0, 1) or not results[run.way].outcome:
            print(tail(run))
    if not results["plain"].outcome:
        print("   the plain run reported no test: nothing to compare with")
        return 2
    found = compare.differences(results)
    if found:
        found = confirm(found, ways, venv, source, suite.options, out, args.bound)
    print(f"   {len(found)} test(s) differ from the plain run"
          + (":" if found else "") + compare.report(ways, found))
    return 1 if found else 0


def node_id(test: str, source: Path) -> str | None:
    """pytest's node id for a JUnit ``classname::name`` (the module's path is the longest
    dotted prefix of the class name that is a file)."""
    classname, _, name = test.partition("::")
    parts = classname.split(".")
    for cut in range(len(parts), 0, -1):
        path = "/".join(parts[:cut]) + ".py"
        if (source / path).is_file():
            return "::".join([path, *parts[cut:], name])
    return None


def confirm(found: list[compare.Difference], ways: list[str], venv: Path, source: Path,
            options: tuple[str, ...], out: Path, bound: float) -> list[compare.Difference]:
    """Run the tests that differ once more, every way: a difference counts only if it comes
    again. Some tests of these suites fail now and then under plain python too (thread counts
    and timing on a busy machine); those are named, not counted."""
    ids = {d.test: node_id(d.test, source) for d in found}
    nodes = sorted({n for n in ids.values() if n is not None})
    if not nodes:
        return found
    again_dir = out / "again"
    again_dir.mkdir(exist_ok=True)
    results = {way: compare.parse_junit(
        run_way(way, venv / "bin" / "python", source, [*nodes, *options], again_dir, bound).junit)
        for way in ways}
    again = {d.test for d in compare.differences(results)}
    kept = [d for d in found if d.test in again or ids[d.test] is None]
    for d in found:
        if d not in kept:
            print(f"   differed once, not again (flaky?): {d.test} "
                  f"({', '.join(d.outcomes)})", flush=True)
    return kept


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    status = 0
    for name in args.suite or list(SUITES):
        status = max(status, check(name, args))
    return status


if __name__ == "__main__":
    sys.exit(main())
