"""The await graph pane (``g``): who awaits whom as a tree; at a deadlock, who waits for whom."""

from __future__ import annotations

import re
import sys

from loopscope.ui.await_graph import AwaitGraph
from loopscope.ui.tasks import TasksPane

from .conftest import MakeApp, latest, press, program, screen_text, started, status_text, until

AWAIT_TREE = "tests/engine/programs/await_tree.py"


def _auto(lines: list[str]) -> list[str]:
    """Automatic task names (``Task-1``) differ between runs and versions."""
    return [re.sub(r"\bTask-\d+", "Task-#", line) for line in lines]


#: What ``wait_for`` awaits: on 3.11 a future its timer resolves; from 3.12 on (written with
#: ``asyncio.timeout``) the inner task itself.
WAIT_FOR = ("wait_for(future (timer at t=10), timeout=10)" if sys.version_info < (3, 12)
            else "wait_for(task timed-inner, timeout=10)")


async def test_g_shows_the_await_tree_of_gather_taskgroup_wait_for_and_shield(
        make_app: MakeApp) -> None:
    app = make_app(AWAIT_TREE)
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        while latest(app).reason != "idle":
            await press(pilot, "n")
        await press(pilot, "g")
        graph = app.query_one(AwaitGraph)
        assert graph.display and not app.query_one(TasksPane).display
        assert _auto(graph.lines()) == [
            "Task-#  await_tree.py:32  gather(5 tasks, 0 done)",
            "  gather: awaited  await_tree.py:7  sleep(6) until t=6",
            "  gather: watcher  await_tree.py:26  task awaited",
            "    await: awaited  await_tree.py:7  sleep(6) until t=6",
            "  gather: owner  await_tree.py:11  TaskGroup(2 tasks)",
            "    TaskGroup: in-group-1  await_tree.py:7  sleep(3) until t=3",
            "    TaskGroup: in-group-2  await_tree.py:7  sleep(4) until t=4",
            "  gather: guard  await_tree.py:18  Future",
            "    shield: shielded  await_tree.py:7  sleep(5) until t=5",
            f"  gather: timer  await_tree.py:22  {WAIT_FOR}",
            "    wait_for: timed-inner  await_tree.py:7  sleep(2) until t=2",
        ]
        text = screen_text(app).splitlines()
        assert text[0].startswith("─Await graph───")
        # Labels are cut with an ellipsis at the pane's edge: no sideways scroll.
        assert _auto([line[:55].rstrip() for line in text[1:12]]) == [
            " ▼ Task-#  await_tree.py:32  gather(5 tasks, 0 done)",
            " ├─ gather: awaited  await_tree.py:7  sleep(6) until t…",
            " ├─ ▼ gather: watcher  await_tree.py:26  task awaited",
            " │  └─ await: awaited  await_tree.py:7  sleep(6) until…",
            " ├─ ▼ gather: owner  await_tree.py:11  TaskGroup(2 tas…",
            " │  ├─ TaskGroup: in-group-1  await_tree.py:7  sleep(3…",
            " │  └─ TaskGroup: in-group-2  await_tree.py:7  sleep(4…",
            " ├─ ▼ gather: guard  await_tree.py:18  Future",
            " │  └─ shield: shielded  await_tree.py:7  sleep(5) unt…",
            f" └─ ▼ gather: timer  await_tree.py:22  {WAIT_FOR[:15]}…",
            "    └─ wait_for: timed-inner  await_tree.py:7  sleep(2…",
        ]
        await press(pilot, "g")
        assert not graph.display and app.query_one(TasksPane).display


async def test_a_deadlock_shows_the_wait_for_graph_with_its_cycle(make_app: MakeApp) -> None:
    app = make_app(program("deadlock.py"))
    async with app.run_test(size=(120, 36)) as pilot:
        await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: app.run_state.status == "deadlock")
        assert status_text(app).startswith(" deadlock ")
        graph = app.query_one(AwaitGraph)
        assert graph.display
        assert _auto(graph.lines()) == [
            "cycle: Alice → Bob → Alice",
            "Task-#  deadlock.py:38  gather(2 tasks, 0 done)",
            "  → Alice: gathered",
            "  → Bob: gathered",
            "Alice  deadlock.py:23  Event.wait()",
            "  → Bob: could set Event bob_done",
            "Bob  deadlock.py:30  Event.wait()",
            "  → Alice: could set Event alice_done",
        ]
        text = screen_text(app)
        assert "Wait-for graph (deadlock)" in text
        assert "cycle: Alice → Bob → Alice" in text
        await press(pilot, "g")  # back to the Tasks list
        assert not graph.display


async def test_space_steps_while_the_graph_has_the_focus(make_app: MakeApp) -> None:
    # The graph is a Tree, whose own space folds a node: here space is the step key.
    app = make_app(program("waiter.py"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await press(pilot, "n", "g")
        assert app.focused is app.query_one(AwaitGraph)
        assert screen_text(app).splitlines()[-1].startswith(" space Next switch ")
        await press(pilot, "space")
        assert latest(app).snapshot["switches"] == 2
        assert app.focused is app.query_one(AwaitGraph)
