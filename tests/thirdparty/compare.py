"""Outcomes test by test, from each way's JUnit XML, and the report of where they differ.

The unit of comparison is the test id (``classname::name`` as pytest writes it) and its outcome,
one of passed, failed, error, skipped, or absent (the way never reported it: a crash, a run cut
short by its bound, an INTERNALERROR). Durations are not compared: under the virtual clock they
are virtual. A test differs when its outcome in some way is not its outcome in the plain way;
an error in setup and a failure in the call count as different outcomes, as pytest reports them.

Differing tests are grouped by what they show, the outcome in each way and the first line of the
first differing way's message (addresses blanked), so that one cause hitting forty tests reads
as one group of forty, not as forty paragraphs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

OUTCOMES = ("passed", "failed", "error", "skipped", "absent")
RANK = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


@dataclass
class Outcomes:
    """One way's results: the outcome and, for failures, errors and skips, the message."""

    outcome: dict[str, str] = field(default_factory=dict)
    message: dict[str, str] = field(default_factory=dict)


def parse_junit(path: Path) -> Outcomes:
    found = Outcomes()
    if not path.exists():
        return found
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return found
    for case in root.iter("testcase"):
        # pytest leaves the test running at an INTERNALERROR without a name.
        test = (f"{case.get('classname', '')}::{case.get('name')}" if case.get("name")
                else "(unnamed: the test running at an INTERNALERROR)")
        outcome, message = "passed", ""
        for child in case:
            tag = {"failure": "failed", "error": "error", "skipped": "skipped"}.get(child.tag)
            if tag:
                outcome = tag
                message = _message(child)
                if tag != "skipped":
                    break
        # A test reported twice (never expected) keeps its worst outcome.
        if RANK[outcome] >= RANK[found.outcome.get(test, "passed")]:
            found.outcome[test] = outcome
            found.message[test] = message
    return found


def _message(child: ET.Element) -> str:
    """The message pytest wrote, then where it was raised (the last ``file:line:`` line)."""
    message = (child.get("message") or "").strip()
    text = child.text or ""
    where = [line for line in text.splitlines() if re.match(r"^\S+\.py:\d+: ", line)]
    if not message:
        message = text.strip().splitlines()[-1] if text.strip() else ""
    if where:
        message += "\n  at " + where[-1]
    return message


def totals(result: Outcomes, tests: set[str]) -> Counter[str]:
    return Counter(result.outcome.get(test, "absent") for test in tests)


@dataclass(frozen=True)
class Difference:
    test: str
    outcomes: tuple[str, ...]
    #: The way whose message explains it (the first non-plain way that differs).
    way: str
    message: str


def differences(results: dict[str, Outcomes]) -> list[Difference]:
    ways = list(results)
    tests = sorted(set().union(*(r.outcome for r in results.values())))
    found = []
    for test in tests:
        outcomes = tuple(results[w].outcome.get(test, "absent") for w in ways)
        if len(set(outcomes)) == 1:
            continue
        odd = next((w for w, o in zip(ways, outcomes, strict=True)
                    if w != ways[0] and o != outcomes[0]), ways[0])
        message = results[odd].message.get(test, "") or results[ways[0]].message.get(test, "")
        found.append(Difference(test, outcomes, odd, message))
    return found


def _key(difference: Difference) -> tuple[tuple[str, ...], str]:
    first = difference.message.splitlines()[0] if difference.message else ""
    return difference.outcomes, re.sub(r"0x[0-9a-f]+|\d+\.\d+", "…", first)[:160]


def report(ways: list[str], found: list[Difference], lines: int = 4, per_group: int = 12) -> str:
    """The differing tests, grouped, with the first ``lines`` lines of their message."""
    groups: dict[tuple[tuple[str, ...], str], list[Difference]] = {}
    for difference in found:
        groups.setdefault(_key(difference), []).append(difference)
    out = []
    for (outcomes, _), members in sorted(groups.items(), key=lambda item: -len(item[1])):
        shown = ", ".join(f"{w} {o}" for w, o in zip(ways, outcomes, strict=True))
        out.append(f"\n-- {len(members)} test(s): {shown}")
        for member in members[:per_group]:
            out.append(f"   {member.test}")
        if len(members) > per_group:
            out.append(f"   ... and {len(members) - per_group} more")
        message = members[0].message.splitlines()[:lines]
        out.extend(f"   | {line}"[:200] for line in message or [f"(no message in {members[0].way})"])
    return "\n".join(out)
