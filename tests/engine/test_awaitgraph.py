"""The await graph in the snapshot: who awaits whom, and through what.

``snapshot["awaits"]`` lists an edge for each pending task that awaits another one: a plain
``await task``, the children of a ``gather``, the tasks of a ``TaskGroup``, the inner task of
``wait_for`` and of ``shield``, each ``wait`` and ``as_completed``. An edge exists while the
awaiting task is suspended in that wait: a gather, shield or ``as_completed`` made but not yet
awaited, or a TaskGroup whose body still runs, is none. The same edges and labels on every
version from 3.11 (on 3.14+ too, where ``asyncio.capture_call_graph`` would say otherwise): the
cases below run in the interpreter of the tests, and once more in every other one installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._support import PROGRAMS, ROOT, normalize
from .programs import await_labels
from .test_interactive import Driver

#: Each case of ``programs/await_labels.py`` and its edges ``[awaiter, via, awaited]``, the
#: same on every version (``as_completed_async_for`` exists from 3.13).
EXPECTED: dict[str, list[list[str]]] = {
    "await": [["A", "await", "c1"]],
    "gather": [["A", "gather", "c1"], ["A", "gather", "c2"]],
    "nested_gather": [["A", "gather", "c1"], ["A", "gather", "c2"]],
    "gather_not_yet_awaited": [],
    "as_completed": [["A", "wait", "c1"], ["A", "wait", "c2"]],
    "as_completed_async_for": [["A", "wait", "c1"], ["A", "wait", "c2"]],
    "as_completed_not_yet_awaited": [],
    "taskgroup": [["A", "TaskGroup", "c1"], ["A", "TaskGroup", "c2"]],
    "taskgroup_body": [],
    "wait_for": [["A", "wait_for", "c1"]],
    "shield": [["A", "shield", "c1"]],
    "shield_not_yet_awaited": [],
    "wait": [["A", "wait", "c1"], ["A", "wait", "c2"]],
    "timeout": [["A", "await", "c1"]],
}


@pytest.fixture
def await_tree() -> Iterator[Driver]:
    driver = Driver(str(PROGRAMS / "await_tree.py"))
    yield driver
    driver.close()


def _idle(driver: Driver) -> dict[str, Any]:
    """Step until the ready queue runs dry (every task has started and waits)."""
    paused = driver.pause()
    while paused["reason"] != "idle":
        paused = driver.step()
    return paused


def test_await_gather_taskgroup_wait_for_and_shield_edges(await_tree: Driver) -> None:
    snap = _idle(await_tree)["snapshot"]
    names = {t["id"]: t["name"] for t in snap["tasks"]}
    edges = normalize([(names[e["task_id"]], e["via"], names[e["awaits"]])
                       for e in snap["awaits"]])
    assert [tuple(edge) for edge in edges] == [
        ("Task-#", "gather", "awaited"),
        ("Task-#", "gather", "watcher"),
        ("Task-#", "gather", "owner"),
        ("Task-#", "gather", "guard"),
        ("Task-#", "gather", "timer"),
        ("watcher", "await", "awaited"),
        ("owner", "TaskGroup", "in-group-1"),
        ("owner", "TaskGroup", "in-group-2"),
        ("guard", "shield", "shielded"),
        ("timer", "wait_for", "timed-inner"),
    ]


@pytest.mark.parametrize("case", sorted(await_labels.CASES))
def test_each_wait_gives_its_edges_and_label(case: str) -> None:
    assert await_labels.edges_of(case) == EXPECTED[case]


def test_every_case_is_expected() -> None:
    cases = set(EXPECTED)
    if sys.version_info < (3, 13):
        cases.discard("as_completed_async_for")
    assert set(await_labels.CASES) == cases


def _other_pythons() -> list[Path]:
    """The interpreters of the project's virtualenvs, one per version other than this one's
    (the version read from ``pyvenv.cfg``: collecting runs no interpreter)."""
    found = [ROOT / ".venv", *sorted(ROOT.glob(".ci/venv-3.*"))]
    ours = f"{sys.version_info[0]}.{sys.version_info[1]}"
    others: dict[str, Path] = {}
    for venv in found:
        python, config = venv / "bin" / "python", venv / "pyvenv.cfg"
        if not python.exists() or not config.exists():
            continue
        fields = {key.strip(): value.strip() for key, _, value in
                  (line.partition("=") for line in config.read_text().splitlines())}
        release = fields.get("version_info") or fields.get("version") or ""
        version = ".".join(release.split(".")[:2])
        if version and version != ours:
            others.setdefault(version, python)
    return list(others.values())


@pytest.mark.parametrize("python", _other_pythons(), ids=lambda p: p.parts[-3])
def test_every_installed_python_gives_the_same_edges(python: Path) -> None:
    """The cases above, run by each other interpreter installed: the same edges, the same
    labels (loopscope from this checkout)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([python, PROGRAMS / "await_labels.py"], capture_output=True,
                          text=True, timeout=60, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found == {case: EXPECTED[case] for case in found}
    assert set(EXPECTED) - set(found) <= {"as_completed_async_for"}


#: How the edges of ``await_kinds.py`` change, pause after pause ("+" comes, "-" goes; the
#: pauses where none changes are left out): each later wait shows up when its task awaits it
#: (t=1), never at its call; an ``as_completed`` loop waits again after each result. Stepping
#: by callback, the end of an ``as_completed`` task and the callback that wakes the loop over
#: it are two pauses.
_START = [
    ["+ Task-1 gather group", "+ Task-1 gather gathering", "+ Task-1 gather guard",
     "+ Task-1 gather completing"],
    ["+ group TaskGroup g-1", "+ group TaskGroup g-feeder"],  # the body ended: __aexit__
    ["+ gathering gather ga-1", "+ gathering gather ga-2"],
    ["+ guard shield sh-inner"],
    ["+ completing wait ac-2", "+ completing wait ac-3", "+ completing wait ac-4"],
    ["+ group TaskGroup g-fed", "- group TaskGroup g-feeder"],  # fed by a task that ends
    ["- group TaskGroup g-1"],
    ["- gathering gather ga-1"],
    ["- guard shield sh-inner"],
]
CHANGES = {
    "step": [
        *_START,
        ["- completing wait ac-2", "- completing wait ac-3", "- completing wait ac-4"],
        ["- Task-1 gather guard"],
        ["+ completing wait ac-3", "+ completing wait ac-4"],  # waits for the next result
        ["- group TaskGroup g-fed"],
        ["- Task-1 gather group"],
        ["- gathering gather ga-2"],
        ["- completing wait ac-3", "- completing wait ac-4"],
        ["- Task-1 gather gathering"],
        ["+ completing wait ac-4"],
        ["- completing wait ac-4"],
        ["- Task-1 gather completing"],
    ],
    "step_callback": [
        *_START,
        ["- completing wait ac-2"],
        ["- completing wait ac-3", "- completing wait ac-4"],
        ["- Task-1 gather guard"],
        ["+ completing wait ac-3", "+ completing wait ac-4"],
        ["- group TaskGroup g-fed"],
        ["- Task-1 gather group"],
        ["- gathering gather ga-2"],
        ["- completing wait ac-3"],
        ["- completing wait ac-4"],
        ["- Task-1 gather gathering"],
        ["+ completing wait ac-4"],
        ["- completing wait ac-4"],
        ["- Task-1 gather completing"],
    ],
}


@pytest.mark.parametrize("command", ["step", "step_callback"])
def test_kept_edges_follow_waits_that_begin_after_their_call(command: str,
                                                             start: Any) -> None:
    """At every pause the edges the debuggee kept (``edgecache``) equal those found afresh,
    and they change as ``CHANGES`` says."""
    driver = start(str(PROGRAMS / "await_kinds.py"))
    changes: list[list[str]] = []
    before: list[str] = []
    event = driver.pause()
    for _ in range(300):
        kept = event["snapshot"]["awaits"]
        driver.send("snapshot")
        fresh = driver.pause()["snapshot"]
        assert kept == fresh["awaits"]
        names = {t["id"]: t["name"] for t in fresh["tasks"]}
        now = [f"{names[e['task_id']]} {e['via']} {names[e['awaits']]}" for e in kept]
        change = ([f"+ {e}" for e in now if e not in before]
                  + [f"- {e}" for e in before if e not in now])
        if change:
            changes.append(change)
        before = now
        driver.events.clear()
        driver.send(command)
        try:
            event = driver.pause()
        except AssertionError:  # the program ended
            break
    else:
        pytest.fail("the program did not end in 300 pauses")
    assert changes == CHANGES[command]
