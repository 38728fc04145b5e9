"""Every pause the front end saw, so that ``left`` can show the loop exactly as it was.

Stepping *back* in loopscope never asks the debuggee anything: the program cannot run backwards,
but the front end kept each snapshot it was sent. This module is that memory, with no Textual
import, so the UI, a recording's replay and the benchmarks share it.

Snapshots are big and mostly repeat themselves (one task moves per switch, the other 9,999 stay
where they were), and a long run makes hundreds of thousands of them. So the memory is shaped in
three layers:

* **Sharing.** When an entry arrives, every task dict equal to the previous snapshot's dict for
  the same task id is replaced by that very object, so a hot entry costs one list of references
  plus the tasks that changed; it also makes "did this task change?" an identity test.
* **Packing.** Only the newest ``hot`` entries stay as Python objects. Older ones are packed: a
  JSON delta against the previous entry (the tasks that changed, ids dropped or added, the
  other sections that are not the previous entry's very objects, lists such as the timers as
  edits when they share most items), zlib-compressed, with a full keyframe every
  ``keyframe_every`` entries. Reading a packed entry decodes its keyframe and replays at most that many deltas,
  with a small cache for walking back one step at a time.
* **A limit.** At most ``limit`` entries are kept (the user sets it); past it the oldest whole
  keyframe group is dropped, and ``first`` says which absolute entry number is the oldest left.

An ``Entry`` is immutable: what is shown for it later is exactly what was shown when it arrived.
"""

from __future__ import annotations

import json
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .protocol import list_ops
from .reassemble import splice

Snapshot = dict[str, Any]

DEFAULT_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Entry:
    """One pause point as the front end showed it."""

    snapshot: Snapshot
    #: Why the debuggee paused: ``step``, ``breakpoint at line 40``, ``deadlock``, ``final``...
    reason: str
    #: The sentence shown for it (computed once, from the previous snapshot).
    narration: str
    #: How many output lines existed when it arrived (the Output pane shows no later ones).
    output_mark: int
    #: The state word of the status bar: ``paused``, ``deadlock``, ``finished (exit 0)``...
    state: str = "paused"
    #: The same sentence in the waiter vocabulary (``loopscope.narrate``); empty: as above.
    waiter: str = ""
    #: The phase of the loop's cycle the step was in (``loopscope.ui.cycle.PHASES``, or "").
    phase: str = ""
    #: Only asyncio's own start-up/shutdown handles ran before this pause (``ui.cycle``).
    own: bool = False

    def sentence(self, vocabulary: str) -> str:
        """The narration in ``vocabulary`` (``technical`` or ``waiter``)."""
        return self.waiter if vocabulary == "waiter" and self.waiter else self.narration


@dataclass(frozen=True, slots=True)
class _Packed:
    blob: bytes
    keyframe: bool
    reason: str
    narration: str
    output_mark: int
    state: str
    waiter: str
    phase: str
    own: bool


def share(snapshot: Snapshot, previous: Snapshot | None) -> Snapshot:
    """``snapshot`` with each unchanged task dict replaced by the previous one's object.

    Snapshots rebuilt from the debuggee's deltas (``loopscope.reassemble``) share unchanged
    entries already: for those, this is one identity test a task."""
    if previous is None:
        return snapshot
    old_tasks = previous.get("tasks") or ()
    tasks = snapshot.get("tasks")
    if not old_tasks or not tasks:
        return snapshot
    if len(tasks) == len(old_tasks):
        pairs = [(task, old) for task, old in zip(tasks, old_tasks, strict=True)
                 if task is not old]
        if all(task.get("id") == old.get("id") for task, old in pairs):
            if any(task == old for task, old in pairs):
                snapshot["tasks"] = [old if task is not old and task == old else task
                                     for task, old in zip(tasks, old_tasks, strict=True)]
            return snapshot
    before = {task["id"]: task for task in old_tasks}
    shared = []
    for task in tasks:
        old = before.get(task.get("id"))
        shared.append(old if old is not None and (old is task or old == task) else task)
    snapshot["tasks"] = shared
    return snapshot


_MISSING = object()


def _delta(snapshot: Snapshot, previous: Snapshot) -> dict[str, Any]:
    # The small sections: kept from the previous entry when they are the same objects (the
    # deltas of the debuggee keep what did not change), edited when they are lists that
    # share most items (the timers of 10,000 sleepers), else stored whole.
    rest: dict[str, Any] = {}
    same: list[str] = []
    edits: dict[str, Any] = {}
    for key, value in snapshot.items():
        if key == "tasks":
            continue
        before = previous.get(key, _MISSING)
        if before is value:
            same.append(key)
            continue
        if isinstance(value, list) and isinstance(before, list) and len(value) > 8:
            ops = list_ops(before, value)
            if ops is not None:
                edits[key] = ops
                continue
        rest[key] = value
    old_tasks = previous.get("tasks", [])
    new_tasks = snapshot.get("tasks", [])
    delta: dict[str, Any] = {"rest": rest, "keys": list(snapshot)}
    if same:
        delta["same"] = same
    if edits:
        delta["splice"] = edits
    if len(old_tasks) == len(new_tasks):
        # The usual step: the same tasks in the same order, a few entries new.
        pairs = [(t, o) for t, o in zip(new_tasks, old_tasks, strict=True) if t is not o]
        if all(t["id"] == o["id"] for t, o in pairs):
            delta["set"] = [t for t, _ in pairs]
            return delta
    old = {t["id"]: t for t in old_tasks}
    changed = [t for t in new_tasks if old.get(t["id"]) is not t]
    ids = [t["id"] for t in new_tasks]
    present = set(ids)
    drop = [t["id"] for t in old_tasks if t["id"] not in present]
    add = [i for i in ids if i not in old]
    delta["set"] = changed
    expected = [t["id"] for t in old_tasks if t["id"] in present] + add
    if expected != ids:
        delta["ids"] = ids
    else:
        if drop:
            delta["drop"] = drop
        if add:
            delta["add"] = add
    return delta


def _apply(previous: Snapshot, delta: dict[str, Any]) -> Snapshot:
    by_id = {t["id"]: t for t in previous.get("tasks", [])}
    for task in delta["set"]:
        by_id[task["id"]] = task
    if "ids" in delta:
        ids = delta["ids"]
    else:
        dropped = set(delta.get("drop", ()))
        ids = [t["id"] for t in previous.get("tasks", []) if t["id"] not in dropped]
        ids += delta.get("add", [])
    parts = dict(delta["rest"])
    for key in delta.get("same", ()):
        parts[key] = previous[key]
    for key, ops in (delta.get("splice") or {}).items():
        parts[key] = splice(list(previous[key]), ops)
    parts["tasks"] = [by_id[i] for i in ids]
    return {key: parts[key] for key in delta.get("keys", parts)}


def _pack(data: Any) -> bytes:
    # Level 1: a step's delta is small and mostly unique; packing runs at every step.
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 1)


def _unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob))


class History:
    """The pauses seen so far, oldest first, addressed by absolute entry number."""

    def __init__(self, limit: int = DEFAULT_LIMIT, *, hot: int = 128,
                 keyframe_every: int = 64) -> None:
        if limit < 1:
            raise ValueError("the history limit must be at least 1")
        self.limit = limit
        self.hot = max(1, hot)
        self.keyframe_every = max(1, keyframe_every)
        #: Absolute number of the oldest entry kept (entries before it were dropped).
        self.first = 0
        self._items: list[Entry | _Packed] = []
        self._packed_count = 0
        self._last_packed: Snapshot | None = None
        self._since_keyframe = 0
        self._cache: OrderedDict[int, Snapshot] = OrderedDict()

    # -- size -----------------------------------------------------------------------------

    def __len__(self) -> int:
        """Entries kept now."""
        return len(self._items)

    @property
    def end(self) -> int:
        """Absolute number one past the newest entry (= entries ever appended)."""
        return self.first + len(self._items)

    @property
    def dropped(self) -> int:
        return self.first

    # -- writing --------------------------------------------------------------------------

    def append(self, entry: Entry) -> Entry:
        """Keep ``entry`` (its snapshot shares unchanged tasks with the previous one)."""
        previous = self.latest
        share(entry.snapshot, previous.snapshot if previous is not None else None)
        self._items.append(entry)
        while len(self._items) - self._packed_count > self.hot:
            self._pack_oldest_hot()
        self._enforce_limit()
        return entry

    def _pack_oldest_hot(self) -> None:
        index = self._packed_count
        item = self._items[index]
        assert isinstance(item, Entry)
        keyframe = self._last_packed is None or self._since_keyframe >= self.keyframe_every
        if keyframe:
            blob = _pack(item.snapshot)
            self._since_keyframe = 1
        else:
            assert self._last_packed is not None
            blob = _pack(_delta(item.snapshot, self._last_packed))
            self._since_keyframe += 1
        self._items[index] = _Packed(blob, keyframe, item.reason, item.narration,
                                     item.output_mark, item.state, item.waiter, item.phase,
                                     item.own)
        self._last_packed = item.snapshot
        self._packed_count += 1

    def _enforce_limit(self) -> None:
        while len(self._items) > self.limit:
            if not self._packed_count:
                count = 1
            else:
                # The oldest packed entry is always a keyframe: drop its whole group.
                count = 1
                while count < self._packed_count:
                    item = self._items[count]
                    if isinstance(item, _Packed) and item.keyframe:
                        break
                    count += 1
                if count == self._packed_count:
                    self._last_packed = None  # the next entry packed starts a new group
            del self._items[:count]
            self._packed_count = max(0, self._packed_count - count)
            self.first += count
            self._cache.clear()

    def clear(self) -> None:
        self.first = 0
        self._items.clear()
        self._packed_count = 0
        self._last_packed = None
        self._since_keyframe = 0
        self._cache.clear()

    # -- reading --------------------------------------------------------------------------

    @property
    def latest(self) -> Entry | None:
        return self.get(self.end - 1) if self._items else None

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and self.first <= number < self.end

    def get(self, number: int) -> Entry:
        """The entry with absolute number ``number`` (``KeyError`` if dropped or unknown)."""
        if number not in self:
            raise KeyError(number)
        item = self._items[number - self.first]
        if isinstance(item, Entry):
            return item
        return Entry(self._snapshot_at(number), item.reason, item.narration,
                     item.output_mark, item.state, item.waiter, item.phase, item.own)

    def sentence(self, number: int, vocabulary: str) -> str:
        """Entry ``number``'s narration, without unpacking its snapshot (the narration log)."""
        if number not in self:
            raise KeyError(number)
        item = self._items[number - self.first]
        return item.waiter if vocabulary == "waiter" and item.waiter else item.narration

    def own(self, number: int) -> bool:
        """Whether entry ``number`` is one of asyncio's own steps, without unpacking it."""
        if number not in self:
            raise KeyError(number)
        return self._items[number - self.first].own

    def __iter__(self) -> Iterator[Entry]:
        for number in range(self.first, self.end):
            yield self.get(number)

    def _snapshot_at(self, number: int) -> Snapshot:
        cached = self._cache.get(number)
        if cached is not None:
            self._cache.move_to_end(number)
            return cached
        index = number - self.first
        start = index
        while True:
            item = self._items[start]
            assert isinstance(item, _Packed)
            if item.keyframe or (start - 1 + self.first) in self._cache:
                break
            start -= 1
        item = self._items[start]
        assert isinstance(item, _Packed)
        if item.keyframe:
            snapshot: Snapshot = _unpack(item.blob)
        else:
            snapshot = self._cache[start - 1 + self.first]
            snapshot = _apply(snapshot, _unpack(item.blob))
        self._remember(start + self.first, snapshot)
        for i in range(start + 1, index + 1):
            packed = self._items[i]
            assert isinstance(packed, _Packed)
            snapshot = _apply(snapshot, _unpack(packed.blob))
            self._remember(i + self.first, snapshot)
        return snapshot

    def _remember(self, number: int, snapshot: Snapshot) -> None:
        self._cache[number] = snapshot
        self._cache.move_to_end(number)
        while len(self._cache) > 96:
            self._cache.popitem(last=False)


__all__ = ["History", "Entry", "share", "DEFAULT_LIMIT"]
