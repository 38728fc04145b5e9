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
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent

#: The test files of ``--quick``: the loop itself, the task machinery and the synchronisation
#: primitives. ``test_eager_task_factory`` exists on 3.12+ only and is left out where absent.
QUICK_MODULES = (
    "test_base_events",
    "test_events",
    "test_tasks",
    "test_runners",
    "test_queues",
    "test_locks",
    "test_eager_task_factory",
)

MODES = ("stock", "stepping")

ENV_MODE = "LOOPSCOPE_CONFORMANCE_MODE"
ENV_REPORTS = "LOOPSCOPE_CONFORMANCE_REPORTS"


#: The bootstrap, written as ``sitecustomize.py`` into the directory put on ``PYTHONPATH``.
#: It must not leave names behind in its module (tests may look at ``sitecustomize``), must never
#: raise (an exception would only print a warning at startup and test the stock loop), and keeps
#: its cost per loop to one dictionary update.
BOOTSTRAP = textwrap.dedent(
    '''\
    """loopscope conformance bootstrap (written by loopscope.conformance; safe to delete)."""


    def _loopscope_conformance():
        import os
        import sys

        mode = os.environ.get("LOOPSCOPE_CONFORMANCE_MODE")
        reports = os.environ.get("LOOPSCOPE_CONFORMANCE_REPORTS")
        if mode not in ("stock", "stepping"):
            return
        import atexit
        import json

        from asyncio import base_events

        error = None
        if mode == "stepping":
            try:
                from loopscope.engine.loop import install_factories

                install_factories()
            except BaseException as exc:  # reported, never raised: the harness fails the run
                error = "%s: %s" % (type(exc).__name__, exc)

        counts = {}  # class name -> loops made
        kinds = {"stepping": 0, "stock selector": 0, "other": 0}
        escaped = []
        stock_init = base_events.BaseEventLoop.__init__

        def __init__(self, *args, **kwargs):
            cls = type(self)
            key = cls.__module__ + "." + cls.__qualname__
            counts[key] = counts.get(key, 0) + 1
            names = [c.__module__ + "." + c.__qualname__ for c in cls.__mro__]
            if "loopscope.engine.loop.SteppingEventLoop" in names:
                kinds["stepping"] += 1
            elif "asyncio.unix_events._UnixSelectorEventLoop" in names:
                kinds["stock selector"] += 1
                if mode == "stepping" and len(escaped) < 20:
                    # A stock selector loop under the stepping run: say who made it.
                    frame = sys._getframe(1)
                    where = []
                    while frame is not None and len(where) < 4:
                        code = frame.f_code
                        if "test_asyncio" in code.co_filename:
                            where.append("%s:%d %s" % (
                                os.path.basename(code.co_filename), frame.f_lineno,
                                code.co_name))
                        frame = frame.f_back
                    escaped.append({"class": key, "where": where})
            else:
                kinds["other"] += 1
            stock_init(self, *args, **kwargs)

        __init__.__wrapped__ = stock_init
        __init__.__qualname__ = stock_init.__qualname__
        __init__.__doc__ = stock_init.__doc__
        base_events.BaseEventLoop.__init__ = __init__

        def write_report():
            if not reports:
                return
            factories = {}
            try:
                import asyncio
                from asyncio import events, unix_events

                def name(obj):
                    return getattr(obj, "__module__", "?") + "." + getattr(
                        obj, "__qualname__", "?")

                factories = {
                    "asyncio.new_event_loop": name(asyncio.new_event_loop),
                    "asyncio.events.new_event_loop": name(events.new_event_loop),
                    "asyncio.SelectorEventLoop": name(asyncio.SelectorEventLoop),
                    "unix_events.SelectorEventLoop": name(unix_events.SelectorEventLoop),
                    "default policy _loop_factory": name(
                        getattr(unix_events._UnixDefaultEventLoopPolicy, "_loop_factory", None)),
                }
            except BaseException as exc:
                factories = {"error": repr(exc)}
            data = {
                "pid": os.getpid(),
                "mode": mode,
                "python": sys.version.split()[0],
                "argv": sys.argv[:4],
                "error": error,
                "loops": counts,
                "kinds": kinds,
                "escaped": escaped,
                "factories": factories,
            }
            try:
                path = os.path.join(reports, "%d.json" % os.getpid())
                with open(path, "w", encoding="utf-8") as fh:
                    json.dump(data, fh)
            except BaseException:
                pass

        atexit.register(write_report)


    def _loopscope_chain():
        # Run the interpreter's own sitecustomize too, if it has one: this one shadows it.
        import importlib.machinery
        import importlib.util
        import os
        import sys

        here = os.path.dirname(os.path.abspath(__file__))
        path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
        spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
        if spec is None or spec.loader is None:
            return
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


    _loopscope_conformance()
    _loopscope_chain()
    del _loopscope_conformance, _loopscope_chain
    '''
)

#: ``[ 3/29]``-prefixed progress lines of libregrtest: ``... [14/29] test_asyncio.test_x passed``.
PROGRESS = re.compile(r"\[\s*\d+/\d+(?:/\d+)?\]\s+(?:\S+\s+)?(test_asyncio[\w.]*)\s+(.*)$")
TOTAL_TESTS = re.compile(r"^Total tests:\s*(.*)$", re.MULTILINE)
RESULT = re.compile(r"^(?:== Tests result|Result):\s*(.*?)\s*(?:==)?$", re.MULTILINE)


# -- the target interpreter ---------------------------------------------------------------------

PROBE = textwrap.dedent(
    """\
    import json, pkgutil, platform, sys
    info = {"version": sys.version.split()[0], "implementation": platform.python_implementation(),
            "version_info": list(sys.version_info[:3]), "modules": None}
    try:
        import test.test_asyncio as suite
        import test.libregrtest
        info["modules"] = sorted(m.name for m in pkgutil.iter_modules(suite.__path__))
    except Exception as exc:
        info["missing"] = repr(exc)
    print(json.dumps(info))
    """
)


@dataclass
class Target:
    python: str
    version: str
    version_info: tuple[int, ...]
    implementation: str
    modules: list[str] | None
    missing: str = ""


def probe(python: str) -> Target:
    proc = subprocess.run([python, "-c", PROBE], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise SystemExit(f"conformance: cannot run {python}: {proc.stderr.strip()}")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return Target(python=python, version=info["version"],
                  version_info=tuple(info["version_info"]),
                  implementation=info["implementation"], modules=info["modules"],
                  missing=info.get("missing", ""))


def selected_tests(target: Target, quick: bool, tests: list[str] | None) -> list[str]:
    """The libregrtest arguments naming what to run."""
    if tests:
        return [t if t.startswith("test_asyncio") else f"test_asyncio.{t}" for t in tests]
    if not quick:
        return ["test_asyncio"]
    available = set(target.modules or ())
    return [f"test_asyncio.{m}" for m in QUICK_MODULES if m in available]


# -- one run --------------------------------------------------------------------------------------


@dataclass
class RunResult:
    mode: str
    returncode: int
    wall: float
    #: test id -> "passed" | "skipped" | "failure" | "error"
    outcomes: dict[str, str] = field(default_factory=dict)
    skip_reasons: dict[str, str] = field(default_factory=dict)
    #: test id -> the traceback of its failure or error
    messages: dict[str, str] = field(default_factory=dict)
    #: test file -> "passed" | "skipped" | "failed" | "env changed" | "crashed" | ...
    files: dict[str, str] = field(default_factory=dict)
    total_line: str = ""
    result_line: str = ""
    reports: list[dict[str, Any]] = field(default_factory=list)
    log_path: Path | None = None

    def ids(self, *outcomes: str) -> set[str]:
        return {t for t, o in self.outcomes.items() if o in outcomes}

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)

    def loops(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for report in self.reports:
            for cls, n in report.get("loops", {}).items():
                total[cls] = total.get(cls, 0) + n
        return total

    def loop_counts(self) -> tuple[int, int, int]:
        """(SteppingEventLoops, stock selector loops, other loops) made in this run.

        By class hierarchy: a test's own subclass of ``asyncio.SelectorEventLoop`` counts as a
        SteppingEventLoop in the stepping run and as a stock selector loop in the stock run;
        "other" are the tests' fake loops and plain ``BaseSelectorEventLoop``s."""
        kinds = {"stepping": 0, "stock selector": 0, "other": 0}
        for report in self.reports:
            for kind, n in report.get("kinds", {}).items():
                kinds[kind] = kinds.get(kind, 0) + n
        return kinds["stepping"], kinds["stock selector"], kinds["other"]


def parse_junit(path: Path, result: RunResult) -> None:
    if not path.exists():
        return
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        test_id = case.get("name", "?")
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = child.tag
                result.messages[test_id] = (child.text or child.get("message") or "").strip()
                break
            if child.tag == "skipped":
                outcome = "skipped"
                result.skip_reasons[test_id] = (child.text or child.get("message") or "").strip()
        # A test id seen twice (never expected) keeps its worst outcome.
        previous = result.outcomes.get(test_id)
        rank = {"passed": 0, "skipped": 1, "failure": 2, "error": 3}
        if previous is None or rank[outcome] > rank[previous]:
            result.outcomes[test_id] = outcome


def classify_file_status(rest: str) -> str:
    """``passed (12.3 sec) -- running: ...`` -> ``passed``; keeps ``failed (env changed)``."""
    rest = rest.split(" -- ")[0].strip()
    rest = re.sub(r"\s*\(\d+(?:\.\d+)?\s*(?:sec|ms|min)\)|\s*\(\d+ min \d+ sec\)", "", rest)
    rest = re.sub(r"\s+in \d.*$", "", rest)  # "passed in 1 min 2 sec"
    return rest.strip() or "?"


def parse_log(text: str, result: RunResult) -> None:
    for line in text.splitlines():
        match = PROGRESS.search(line)
        if match:
            result.files[match.group(1)] = classify_file_status(match.group(2))
    totals = TOTAL_TESTS.findall(text)
    if totals:
        result.total_line = totals[-1].strip()
    results = RESULT.findall(text)
    if results:
        result.result_line = results[-1].strip()


def write_bootstrap(workdir: Path) -> Path:
    """The directory to put first on PYTHONPATH: sitecustomize.py and a loopscope symlink."""
    boot = workdir / "bootstrap"
    boot.mkdir(parents=True, exist_ok=True)
    (boot / "sitecustomize.py").write_text(BOOTSTRAP, encoding="utf-8")
    link = boot / "loopscope"
    if not link.exists():
        try:
            link.symlink_to(PACKAGE_DIR, target_is_directory=True)
        except OSError:  # no symlinks here: copy the (small, stdlib-only) engine instead
            shutil.copytree(PACKAGE_DIR, link, ignore=shutil.ignore_patterns("__pycache__", "ui"))
    return boot


def subprocess_env(boot: Path, mode: str, reports: Path) -> dict[str, str]:
    env = dict(os.environ)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(boot) + (os.pathsep + old if old else "")
    env[ENV_MODE] = mode
    env[ENV_REPORTS] = str(reports)
    for name in ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE"):
        env.pop(name, None)  # both runs alike, and like a plain checkout
    return env


def run_suite(target: Target, mode: str, tests: list[str], workdir: Path, *, jobs: int,
              timeout: float, verbose: bool, label: str = "") -> RunResult:
    """Run libregrtest on ``tests`` in ``mode``; its files are named ``{mode}{label}.*``."""
    name = mode + label
    boot = write_bootstrap(workdir)
    reports = workdir / f"reports-{name}"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    xml = workdir / f"{name}.xml"
    log = workdir / f"{name}.log"
    cmd = [target.python, "-m", "test", *tests, "--junit-xml", str(xml)]
    if jobs != 1:
        cmd += ["-j", str(jobs)]
    if timeout > 0:
        cmd += ["--timeout", str(int(timeout))]
    env = subprocess_env(boot, mode, reports)
    cwd = workdir / f"cwd-{name}"
    cwd.mkdir(exist_ok=True)
    started = time.monotonic()
    with open(log, "w", encoding="utf-8", errors="replace") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                                errors="replace")
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                out.write(line)
                if verbose:
                    sys.stdout.write(f"[{name}] {line}")
                    sys.stdout.flush()
            returncode = proc.wait()
        except BaseException:
            stop(proc)
            raise
    wall = time.monotonic() - started
    result = RunResult(mode=mode, returncode=returncode, wall=wall, log_path=log)
    parse_junit(xml, result)
    parse_log(log.read_text(encoding="utf-8", errors="replace"), result)
    for path in sorted(reports.glob("*.json")):
        try:
            result.reports.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    return result


def stop(proc: subprocess.Popen[str]) -> None:
    """Stop libregrtest and its workers (the harness was interrupted or terminated).

    SIGINT, not SIGTERM: libregrtest's main process answers KeyboardInterrupt by killing its
    workers, which run in process groups of their own; terminated, it would leave them behind."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# -- comparison -----------------------------------------------------------------------------------


def sanity_problems(stock: RunResult, stepping: RunResult) -> list[str]:
    """Why the runs do not prove anything, if they do not."""
    problems = []
    for run in (stock, stepping):
        if not run.reports:
            problems.append(f"{run.mode} run: the bootstrap wrote no report (was it imported?)")
        errors = {r["error"] for r in run.reports if r.get("error")}
        for error in sorted(errors):
            problems.append(f"{run.mode} run: the bootstrap failed: {error}")
        if not run.outcomes:
            problems.append(f"{run.mode} run: no test results (see {run.log_path})")
    stepping_loops, stock_loops, _ = stepping.loop_counts()
    if stepping_loops == 0:
        problems.append("stepping run: no SteppingEventLoop was created")
    escaped = [e for r in stepping.reports for e in r.get("escaped", [])]
    if stock_loops or escaped:
        sites = sorted({" <- ".join(e["where"]) or e["class"] for e in escaped})
        problems.append(
            f"stepping run: {stock_loops} stock selector loop(s) escaped the replacement"
            + "".join(f"\n      made at {s}" for s in sites[:10])
        )
    for report in stepping.reports:
        factories = report.get("factories", {})
        wrong = {k: v for k, v in factories.items() if "loopscope" not in v}
        if wrong:
            problems.append(f"stepping run, pid {report['pid']}: factories not ours at exit: "
                            f"{wrong}")
            break
    if stock.loop_counts()[0]:
        problems.append("stock run: a SteppingEventLoop was created")
    return problems


@dataclass(frozen=True)
class Difference:
    """One way the stepping run differs from the stock run."""

    kind: str  # e.g. "failing with SteppingEventLoop only"
    item: str  # a test id, or a test file for kind "test file"
    detail: str = ""
    message: str = field(default="", compare=False)  # the failure's traceback, if any

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.item

    @property
    def test_file(self) -> str:
        """``test.test_asyncio.test_events.HandleTests.test_x`` -> ``test_asyncio.test_events``."""
        parts = self.item.split(".")
        if parts[0] == "test":
            parts = parts[1:]
        return ".".join(parts[:2])


def differences(stock: RunResult, stepping: RunResult) -> list[Difference]:
    diffs: list[Difference] = []

    def listed(kind: str, ids: set[str], run: RunResult | None = None) -> None:
        diffs.extend(Difference(kind, t, message=run.messages.get(t, "") if run else "")
                     for t in sorted(ids))

    listed("ran in the stock run only", set(stock.outcomes) - set(stepping.outcomes))
    listed("ran in the stepping run only", set(stepping.outcomes) - set(stock.outcomes))
    both = set(stock.outcomes) & set(stepping.outcomes)
    for outcome, words in (("failure", "failing"), ("error", "erroring"),
                           ("skipped", "skipped")):
        listed(f"{words} with SteppingEventLoop only",
               (stepping.ids(outcome) - stock.ids(outcome)) & both, stepping)
        listed(f"{words} with the stock loop only",
               (stock.ids(outcome) - stepping.ids(outcome)) & both, stock)
    for name in sorted(set(stock.files) | set(stepping.files)):
        a, b = stock.files.get(name, "absent"), stepping.files.get(name, "absent")
        if a != b:
            diffs.append(Difference("test file", name, f"stock {a}, stepping {b}"))
    if stock.total_line != stepping.total_line:
        diffs.append(Difference("libregrtest totals", "Total tests",
                                f"stock {stock.total_line!r}, stepping {stepping.total_line!r}"))
    return diffs


def format_differences(diffs: list[Difference], tracebacks: int = 0) -> list[str]:
    """Grouped by kind, one test id a line; the end of the first ``tracebacks`` tracebacks."""
    lines = []
    kinds: dict[str, list[Difference]] = {}
    for d in diffs:
        kinds.setdefault(d.kind, []).append(d)
    shown = 0
    for kind, group in kinds.items():
        if kind in ("test file", "libregrtest totals"):
            lines += [f"{kind} {d.item}: {d.detail}" for d in group]
            continue
        text = f"{kind} ({len(group)}):"
        for d in group:
            text += f"\n      {d.item}"
            if d.message and shown < tracebacks:
                shown += 1
                tail = d.message.splitlines()[-8:]
                text += "".join(f"\n          | {line}" for line in tail)
        lines.append(text)
    return lines


def file_statuses(run: RunResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in run.files.values():
        key = status.split(" (")[0] if status.startswith("failed") else status
        counts[key] = counts.get(key, 0) + 1
    return counts


def table(target: Target, scope: str, jobs: int, stock: RunResult, stepping: RunResult) -> str:
    rows: list[tuple[str, str, str]] = []

    def row(label: str, f: Any) -> None:
        rows.append((label, str(f(stock)), str(f(stepping))))

    row("tests (ids in the JUnit XML)", lambda r: len(r.outcomes))
    row("passed", lambda r: r.count("passed"))
    row("failures", lambda r: r.count("failure"))
    row("errors", lambda r: r.count("error"))
    row("skipped", lambda r: r.count("skipped"))
    row("test files", lambda r: len(r.files))
    statuses = sorted(set(file_statuses(stock)) | set(file_statuses(stepping)))
    for status in statuses:
        row(f"  files {status}", lambda r, s=status: file_statuses(r).get(s, 0))
    row("libregrtest result", lambda r: r.result_line or f"exit {r.returncode}")
    row("libregrtest totals", lambda r: r.total_line or "?")
    row("loops made: SteppingEventLoop", lambda r: r.loop_counts()[0])
    row("loops made: stock selector loop", lambda r: r.loop_counts()[1])
    row("loops made: other (test loops)", lambda r: r.loop_counts()[2])
    row("processes reporting", lambda r: len(r.reports))
    row("wall time", lambda r: f"{r.wall:.1f} s")
    width = max(len(label) for label, _, _ in rows)
    col = max(12, *(len(a) for _, a, _ in rows), *(len(b) for _, _, b in rows))
    title = (f"test.test_asyncio on {target.implementation} {target.version} ({target.python}), "
             f"{scope}, -j{jobs}")
    lines = [title, f"{'':{width}}  {'stock':>{col}}  {'stepping':>{col}}"]
    lines += [f"{label:{width}}  {a:>{col}}  {b:>{col}}" for label, a, b in rows]
    return "\n".join(lines)


def summary_json(target: Target, scope: str, stock: RunResult, stepping: RunResult,
                 diffs: list[Difference], flaky: list[Difference],
                 problems: list[str]) -> dict[str, Any]:
    def run(r: RunResult) -> dict[str, Any]:
        return {
            "tests": len(r.outcomes), "passed": r.count("passed"),
            "failures": sorted(r.ids("failure")), "errors": sorted(r.ids("error")),
            "skipped": sorted(r.ids("skipped")), "files": r.files,
            "result": r.result_line, "returncode": r.returncode, "wall": round(r.wall, 1),
            "loops": r.loops(),
        }

    return {"python": target.python, "version": target.version, "scope": scope,
            "stock": run(stock), "stepping": run(stepping),
            "differences": format_differences(diffs), "flaky": format_differences(flaky),
            "sanity": problems, "conforms": not diffs and not problems}


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


if __name__ == "__main__":
    sys.exit(main())
