"""What a run left behind, read and compared: JUnit XML and the log into ``RunResult``, the
sanity check, the per-test differences and the tables.

Pure functions of files and text, so the harness's own tests check them without running
CPython's suite.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .runner import Target

#: ``[ 3/29]``-prefixed progress lines of libregrtest: ``... [14/29] test_asyncio.test_x passed``.
PROGRESS = re.compile(r"\[\s*\d+/\d+(?:/\d+)?\]\s+(?:\S+\s+)?(test_asyncio[\w.]*)\s+(.*)$")
TOTAL_TESTS = re.compile(r"^Total tests:\s*(.*)$", re.MULTILINE)
RESULT = re.compile(r"^(?:== Tests result|Result):\s*(.*?)\s*(?:==)?$", re.MULTILINE)


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


