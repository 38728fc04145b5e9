"""The await graph pane: who awaits whom, as a tree, in place of the Tasks list (``g``).

The Tasks pane lists tasks flat, in creation order; what a real program needs to see is the
shape: ``main`` gathers three workers, one of them owns a TaskGroup of two, another waits for a
shielded task. The snapshot carries that shape as edges (``awaits``: awaiter, awaited, and how);
this pane draws it as a ``Tree``: each task that no live task awaits is a root, and under each
task the tasks it awaits, labelled by how (``gather``, ``TaskGroup``, ``wait_for``, ``shield``,
``await``).

At a deadlock the question changes from "who awaits whom" to "who waits for whom", and the
snapshot of the deadlock pause carries the wait-for graph: the pane then shows its cycles first
(``cycle: Alice → Bob → Alice``), then each stuck task with the tasks it waits for and why. The
app shows the pane by itself on a deadlock; ``g`` toggles it either way.

The tree is a pure function of the snapshot: ``lines`` gives the same content as plain text
lines, which the tests compare.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from .paths import PathStyle

Snapshot = dict[str, Any]

_ALIVE = ("ready", "waiting")


def _task_label(task: dict[str, Any], paths: PathStyle, via: str = "") -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    if via:
        text.append(f"{via}: ", "dim")
    text.append(str(task.get("name", "?")), "bold" if task.get("next") else "")
    where = paths.where(task.get("file"), task.get("line"))
    if where:
        text.append(f"  {where}", "cyan")
    awaiting = task.get("awaiting") or task.get("outcome") or ""
    if awaiting:
        text.append(f"  {awaiting}")
    return text


def await_forest(snapshot: Snapshot) -> list[tuple[str, list[Any]]]:
    """The await graph as nested ``(task_id, via, children)`` lists, roots first.

    A root is a live task no live task awaits. A task awaited twice shows under each awaiter;
    a cycle (impossible in asyncio, but the data comes from outside) is cut."""
    tasks = {t.get("id"): t for t in snapshot.get("tasks") or () if t.get("state") in _ALIVE}
    children: dict[str, list[tuple[str, str]]] = {}
    awaited: set[str] = set()
    for edge in snapshot.get("awaits") or ():
        parent, child = edge.get("task_id"), edge.get("awaits")
        if parent in tasks and child in tasks:
            children.setdefault(parent, []).append((child, str(edge.get("via", ""))))
            awaited.add(child)

    def grow(task_id: str, via: str, seen: frozenset[str]) -> Any:
        below = [grow(c, v, seen | {c}) for c, v in children.get(task_id, ()) if c not in seen]
        return (task_id, via, below)

    return [grow(tid, "", frozenset({tid})) for tid in tasks if tid not in awaited]


class AwaitGraph(Tree[str]):
    """The await graph, or at a deadlock the wait-for graph with its cycles."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    AwaitGraph {
        height: 1fr;
        padding: 0 0 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("graph", id=id)
        self.show_root = False
        self.guide_depth = 3
        self._key: Any = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # space is the step key (commands.py): Tree's own space (fold a node) would swallow it
        # whenever the graph has the focus. Declined here, the key reaches the app.
        if action == "toggle_node":
            return False
        return super().check_action(action, parameters)

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The label, cut with an ellipsis at the pane's edge: the tree never scrolls sideways
        (a horizontal scrollbar took a row, and what it hid could only be reached by mouse)."""
        label = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 0:
            label.truncate(room, overflow="ellipsis")
        return label

    def show(self, snapshot: Snapshot, paths: PathStyle) -> None:
        key = (id(snapshot), paths)
        if key == self._key:
            return
        self._key = key
        self.clear()
        deadlock = snapshot.get("deadlock")
        if deadlock:
            self.border_title = "Wait-for graph (deadlock)"
            self._wait_for(deadlock, snapshot, paths)
        else:
            self.border_title = "Await graph"
            self._await_tree(snapshot, paths)
        self.root.expand_all()

    def _await_tree(self, snapshot: Snapshot, paths: PathStyle) -> None:
        tasks = {t.get("id"): t for t in snapshot.get("tasks") or ()}

        def add(parent: TreeNode[str], node: Any) -> None:
            task_id, via, below = node
            label = _task_label(tasks[task_id], paths, via)
            if below:
                branch = parent.add(label, data=task_id)
                for child in below:
                    add(branch, child)
            else:
                parent.add_leaf(label, data=task_id)

        forest = await_forest(snapshot)
        if not forest:
            self.root.add_leaf(Text("(no live tasks)", "dim"))
        for node in forest:
            add(self.root, node)

    def _wait_for(self, deadlock: dict[str, Any], snapshot: Snapshot, paths: PathStyle) -> None:
        for cycle in deadlock.get("cycles") or ():
            self.root.add_leaf(Text(f"cycle: {cycle.get('text')}", "bold red"))
        if not deadlock.get("cycles"):
            self.root.add_leaf(Text("no cycle: some wait can never end (see below)", "bold red"))
        for task in deadlock.get("tasks") or ():
            row = {"name": task.get("task"), "file": task.get("file"),
                   "line": task.get("line"), "awaiting": task.get("awaiting")}
            branch = self.root.add(_task_label(row, paths), data=str(task.get("task_id")))
            for edge in task.get("waits_for") or ():
                branch.add_leaf(Text(f"→ {edge.get('task')}: {edge.get('why')}"),
                                data=str(edge.get("task_id")))
            if task.get("note"):
                branch.add_leaf(Text(f"({task['note']})", "italic"))

    def lines(self) -> list[str]:
        """The tree as indented plain text, one line per node (for tests and the palette)."""
        out: list[str] = []

        def walk(node: TreeNode[str], depth: int) -> None:
            for child in node.children:
                label = child.label
                plain = label.plain if isinstance(label, Text) else str(label)
                out.append("  " * depth + plain)
                walk(child, depth + 1)

        walk(self.root, 0)
        return out


__all__ = ["AwaitGraph", "await_forest"]
