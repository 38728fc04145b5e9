"""Helpers shared by the engine tests: run ``loopscope trace`` and make its output comparable.

Everything runs the debuggee through ``sys.executable -m loopscope trace ...`` in a subprocess,
exactly as a user would, with the repository put first on ``PYTHONPATH`` (the CI venvs of other
Pythons do not install loopscope). Only the standard library is used here.

Normalising a trace for a golden comparison removes what legitimately differs between machines
and CPython versions, and nothing else:

* absolute paths become their basename; a file of the standard library becomes ``<stdlib>/NAME``
  and its line number ``None`` (line numbers of ``asyncio/base_events.py`` differ per version);
* automatic task names (``Task-7``) become ``Task-#``: their numbering differs between 3.11/3.12
  and 3.13, which is why every test program names its tasks;
* ``cpu`` fields (real time a step held the loop), ``pid`` and ``python`` are dropped.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
PROGRAMS = Path(__file__).resolve().parent / "programs"
EXPECTED = ROOT / "tests" / "expected"

#: Set LOOPSCOPE_UPDATE_GOLDEN=1 to (re)write the golden files instead of comparing. Review the
#: diff by eye before keeping it: the golden files are the specification.
UPDATE_GOLDEN = os.environ.get("LOOPSCOPE_UPDATE_GOLDEN") == "1"

_STDLIB = tuple(
    os.path.realpath(p) + os.sep
    for p in {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]}
)
_AUTO_NAME = re.compile(r"\bTask-\d+\b")
_DROPPED = {"cpu", "pid", "python"}


def env(**extra: str) -> dict[str, str]:
    """The environment of a child: this one, with the repository first on PYTHONPATH."""
    result = dict(os.environ)
    result.pop("PYTHONWARNINGS", None)
    path = result.get("PYTHONPATH")
    result["PYTHONPATH"] = str(ROOT) + (os.pathsep + path if path else "")
    result.update(extra)
    return result


def loopscope(*args: str | os.PathLike[str], stdin: str | None = None, timeout: float = 60,
              cwd: str | os.PathLike[str] | None = None,
              python_flags: tuple[str, ...] = (),
              extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m loopscope ARGS`` and capture everything (text mode)."""
    return subprocess.run(
        [sys.executable, *python_flags, "-m", "loopscope", *map(str, args)],
        input=stdin if stdin is not None else "", capture_output=True, text=True,
        timeout=timeout, cwd=cwd if cwd is not None else ROOT, env=env(**(extra_env or {})))


def python(*args: str | os.PathLike[str], stdin: str | None = None, timeout: float = 60,
           cwd: str | os.PathLike[str] | None = None,
           extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run plain ``python ARGS`` the same way, for comparisons."""
    return subprocess.run(
        [sys.executable, *map(str, args)], input=stdin if stdin is not None else "",
        capture_output=True, text=True, timeout=timeout,
        cwd=cwd if cwd is not None else ROOT, env=env(**(extra_env or {})))


def trace_json(*args: str | os.PathLike[str], **kwargs: Any) -> tuple[list[dict[str, Any]], str, int]:
    """``loopscope trace --json ARGS``: (events, stderr, exit status)."""
    proc = loopscope("trace", "--json", *args, **kwargs)
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return events, proc.stderr, proc.returncode


def program_output(events: list[dict[str, Any]], stream: str) -> str:
    """What the program wrote to ``stream``, from the output events of a ``--json`` trace."""
    return "".join(e["text"] for e in events if e["kind"] == "output" and e["stream"] == stream)


def is_stdlib(path: str) -> bool:
    return os.path.realpath(path).startswith(_STDLIB) or path.startswith("<frozen ")


def normalize(value: Any) -> Any:
    """A trace event (or a snapshot) with machine- and version-specific details removed."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        stdlib_lines: set[str] = set()
        for key, item in value.items():
            if key in _DROPPED:
                continue
            if key.endswith("file") and isinstance(item, str):
                if is_stdlib(item):
                    out[key] = "<stdlib>/" + os.path.basename(item)
                    stdlib_lines.add(key[: -len("file")] + "line")
                else:
                    out[key] = os.path.basename(item)
                continue
            out[key] = normalize(item)
        for key in stdlib_lines:
            if key in out:
                out[key] = None
        return out
    if isinstance(value, list | tuple):
        return [normalize(item) for item in value]
    if isinstance(value, str):
        return _AUTO_NAME.sub("Task-#", value)
    return value


_STDLIB_LINE = re.compile(r"\b(base_events|runners|tasks|events|futures)\.py:\d+")


def normalize_text(text: str) -> str:
    """The human trace with automatic task names and stdlib line numbers made stable."""
    text = _AUTO_NAME.sub("Task-#", text)
    return _STDLIB_LINE.sub(lambda m: m.group(1) + ".py:?", text)


def golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``tests/expected/NAME``, or write it under UPDATE_GOLDEN."""
    path = EXPECTED / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual)
        return
    assert path.exists(), f"no golden file {path}; run with LOOPSCOPE_UPDATE_GOLDEN=1 to write it"
    expected = path.read_text()
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                            actual.splitlines(keepends=True), str(path),
                                            "actual"))
        raise AssertionError(f"output differs from {path}:\n{diff}")


def cancellations_in_order(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events with each run of tasks cancelled one after the other put in task-id order.

    ``asyncio.run`` cancels the tasks left at the end in the order of a set (``all_tasks``),
    which follows memory addresses: plain python differs from run to run there too. Within
    such a run the steps are renumbered, so only the order is made canonical."""
    out = list(events)
    i = 0
    while i < len(out):
        j = i
        pairs = []
        while (j + 1 < len(out) and out[j].get("kind") == "switch" and out[j].get("done")
               and out[j + 1].get("kind") == "task_done"
               and out[j + 1].get("outcome") == "cancelled"
               and out[j + 1].get("task_id") == out[j].get("task_id")):
            pairs.append((out[j], out[j + 1]))
            j += 2
        if len(pairs) > 1:
            first_step, first_switch = pairs[0][0]["step"], pairs[0][0]["switch"]
            pairs.sort(key=lambda pair: int(str(pair[0]["task_id"]).lstrip("T") or 0))
            run: list[dict[str, Any]] = []
            for n, (switch, done) in enumerate(pairs):
                run += [dict(switch, step=first_step + n, switch=first_switch + n), done]
            out[i:j] = run
        i = max(j, i + 1)
    return out


def golden_events(name: str, events: list[dict[str, Any]]) -> None:
    """Golden comparison of an event list, one JSON object per line (diffable)."""
    lines = [json.dumps(normalize(e)) for e in cancellations_in_order(events)]
    path = EXPECTED / name
    if UPDATE_GOLDEN:
        golden(name, "".join(line + "\n" for line in lines))
        return
    assert path.exists(), f"no golden file {path}; run with LOOPSCOPE_UPDATE_GOLDEN=1 to write it"
    # Compared as canonical JSON lines, so that a failure shows the first differing event.
    expected = [json.dumps(json.loads(line), sort_keys=True)
                for line in path.read_text().splitlines() if line.strip()]
    actual = [json.dumps(json.loads(line), sort_keys=True) for line in lines]
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected, actual, str(path), "actual", lineterm=""))
        raise AssertionError(f"events differ from {path}:\n{diff}")


def has_module(name: str) -> bool:
    """Whether this interpreter (the one the debuggee runs on) can import ``name``."""
    import importlib.util

    return importlib.util.find_spec(name) is not None


def kinds(events: list[dict[str, Any]]) -> list[str]:
    return [e["kind"] for e in events]


def of_kind(events: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [e for e in events if e["kind"] == kind]
