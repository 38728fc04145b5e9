"""What a recording must hold: every field a replay reads, checked once, as the file is read.

``protocol.decode`` checks what every reader of the stream needs (a ``kind``, the required
fields of each kind, their types). A replay reads far more: the optional fields of events
(``t`` of a ``switch``, ``seconds`` of a ``blocked``...) and the whole snapshot, down to a
frame of a task's await chain, and it reads them inside the UI, where a string in place of a
number is a traceback in the middle of a session. A live debuggee is our own code; a
recording is a file that travels, so ``loopscope.recording`` hands each event here before
anything else sees it, and a bad field is refused in one line naming it (``snapshot.t``),
before the replay's screen opens.

Why a table of specs rather than code: the list of fields is the contract between
``docs/protocol.md`` (section "What a recording must hold") and the readers (``replay.py``,
``history.py``, ``reassemble.py``, ``narrate.py``, ``timeline.py``, ``stats.py``, the UI), and
a table reads as that list. Each spec is a small object with one ``check(value, where)``:
scalars with their ranges (a line number is not ``-3`` nor ``10**100``, a time is finite),
``Opt`` for the fields that may be ``null``, ``ListOf``/``Obj``/``MapOf``/``Row`` for the
nesting. Fields a reader does not know are left alone (a newer producer may add some), and a
missing optional field is fine: the readers have a default for each.

Deltas are checked as sent (their ``set`` sections, their task entries, their ``splice``
items, each against the section's spec), before ``reassemble`` applies them, so a whole
snapshot rebuilt from checked parts needs no second walk: the cost is the size of the file,
not the number of tasks times the number of pauses. Standard library only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any


class FieldError(ValueError):
    """A field of an event that a replay cannot use; ``str()`` names it in one line."""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Spec:
    """One field's rule. ``check`` raises ``FieldError`` naming ``where``."""

    #: How a wrong value is described: "... is 'zero', not a number".
    expected = "valid"

    def check(self, value: Any, where: str) -> None:
        if not self.accepts(value):
            raise FieldError(f"{where} is {_shown(value)}, not {self.expected}")

    def accepts(self, value: Any) -> bool:
        raise NotImplementedError


class Str(Spec):
    """A string; ``path``: no NUL byte (the Source pane opens it), at most 4096 characters;
    ``pattern``: matched whole."""

    def __init__(self, *, path: bool = False, pattern: str | None = None) -> None:
        self.path = path
        self.pattern = re.compile(pattern, re.ASCII) if pattern else None
        self.expected = ("a file name" if path else
                         f"a string like {pattern!r}" if pattern else "a string")

    def accepts(self, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        if self.path and ("\0" in value or len(value) > 4096):
            return False
        return self.pattern is None or self.pattern.fullmatch(value) is not None


class Int(Spec):
    """An integer (not a bool) in ``[low, high]``."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.expected = f"an integer from {low} to {high}"

    def accepts(self, value: Any) -> bool:
        return (isinstance(value, int) and not isinstance(value, bool)
                and self.low <= value <= self.high)


class Num(Spec):
    """A finite number (not a bool) in ``[low, high]``."""

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high
        self.expected = f"a number from {low:g} to {high:g}"

    def accepts(self, value: Any) -> bool:
        return (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value) and self.low <= value <= self.high)


class Bool(Spec):
    expected = "true or false"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, bool)


class Opt(Spec):
    """``spec``, or ``null``."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def check(self, value: Any, where: str) -> None:
        if value is not None:
            self.spec.check(value, where)


class ListOf(Spec):
    """A list of items of ``item``; ``unique``: no two items with the same value there."""

    def __init__(self, item: Spec, *, unique: str | None = None) -> None:
        self.item = item
        self.unique = unique

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise FieldError(f"{where} is {_shown(value)}, not a list")
        for index, item in enumerate(value):
            self.item.check(item, f"{where}[{index}]")
        if self.unique is not None:
            seen: set[Any] = set()
            for index, item in enumerate(value):
                key = item[self.unique]
                if key in seen:
                    raise FieldError(f"{where}[{index}].{self.unique} {_shown(key)} is listed "
                                     "twice")
                seen.add(key)


class Row(Spec):
    """A fixed-length list: ``[file, line, function]``."""

    def __init__(self, *items: Spec) -> None:
        self.items = items

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list) or len(value) != len(self.items):
            raise FieldError(f"{where} is {_shown(value)}, not a list of {len(self.items)}")
        for index, (item, spec) in enumerate(zip(value, self.items, strict=True)):
            spec.check(item, f"{where}[{index}]")


class MapOf(Spec):
    """An object whose keys match ``key`` and whose values match ``value``."""

    def __init__(self, key: Str, value: Spec) -> None:
        self.key, self.value = key, value

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise FieldError(f"{where} is {_shown(value)}, not an object")
        for name, item in value.items():
            self.key.check(name, f"a key of {where}")
            self.value.check(item, f"{where}.{name}")


class Obj(Spec):
    """An object: the ``fields`` present are checked, ``required`` ones must be there."""

    def __init__(self, fields: Mapping[str, Spec], required: tuple[str, ...] = ()) -> None:
        self.fields = dict(fields)
        self.required = required

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise FieldError(f"{where} is {_shown(value)}, not an object")
        for name in self.required:
            if name not in value:
                raise FieldError(f"{where}.{name} is missing" if where else f"{name} is missing")
        for name, spec in self.fields.items():
            if name in value:
                spec.check(value[name], f"{where}.{name}" if where else name)


# -- the scalars ------------------------------------------------------------------------------

STR = Str()
PATH = Str(path=True)
#: Task ids as the engine makes them (``T1``...): readers sort by the number.
ID = Str(pattern=r"T[0-9]{1,15}")
COUNT = Int(0, 2**53)
LINE = Int(0, 2**31 - 1)
CODE = Int(-2**31, 2**31 - 1)
#: Seconds since the clock started (a century is far past any ``--time-limit`` in use).
TIME = Num(0.0, 1e10)
SECONDS = Num(0.0, 1e10)
BOOL = Bool()

# -- the snapshot's parts (docs/protocol.md, "The snapshot") ----------------------------------

FRAME = Obj({"file": Opt(PATH), "line": Opt(LINE), "function": Opt(STR), "source": Opt(STR),
             "user": BOOL})
TASK = Obj({"id": ID, "name": STR, "coro": STR, "state": STR, "file": Opt(PATH),
            "line": Opt(LINE), "function": Opt(STR), "source": Opt(STR),
            "chain": ListOf(FRAME), "awaiting": STR, "awaiting_task_id": Opt(ID),
            "outcome": STR, "next": BOOL, "internal": BOOL}, required=("id",))
READY = Obj({"what": STR, "why": STR, "next": BOOL, "kind": STR, "task_id": Opt(ID),
             "task": Opt(STR)})
TIMER = Obj({"when": TIME, "left": Opt(SECONDS), "what": STR, "task_id": Opt(ID)},
            required=("when", "what"))
IO = Obj({"fd": LINE, "direction": STR, "what": STR})
WHO = {"task_id": Opt(ID), "task": Opt(STR)}
IO_DETAIL = Obj({
    "fds": ListOf(Obj({"fd": LINE, "direction": STR, "kind": STR, "family": STR,
                       "local": Opt(STR), "peer": Opt(STR), "role": STR, "waiting": BOOL,
                       **WHO})),
    "subprocesses": ListOf(Obj({"pid": Opt(Int(0, 2**31)), "command": STR,
                                "returncode": Opt(CODE), **WHO})),
    "threads": ListOf(Obj({"thread": STR, "what": STR, "file": Opt(PATH), "line": Opt(LINE),
                           **WHO})),
    "signals": ListOf(Obj({"signal": STR, "what": STR})),
})
LAST = Obj({"task_id": Opt(ID), "task": Opt(STR), "from_file": Opt(PATH),
            "from_line": Opt(LINE), "file": Opt(PATH), "line": Opt(LINE), "cpu": Opt(SECONDS),
            "output": ListOf(STR), "created": ListOf(ID), "done": BOOL})
LINE_STEP = Obj({"task_id": ID, "task": STR, "lines": ListOf(Row(PATH, LINE, STR)),
                 "switches_before": ListOf(STR)})
AWAIT = Obj({"task_id": ID, "awaits": ID, "via": STR}, required=("task_id", "awaits"))
WAITS_FOR = Obj({"task_id": ID, "task": STR, "why": STR, "note": STR})
STUCK = Obj({"task_id": ID, "task": STR, "awaiting": STR, "file": Opt(PATH),
             "line": Opt(LINE), "waits_for": ListOf(WAITS_FOR), "note": STR})
CYCLE = Obj({"task_ids": ListOf(ID), "text": STR})
DEADLOCK = {"tasks": ListOf(STUCK), "cycles": ListOf(CYCLE), "t": TIME}
PLACE = Obj({"file": Opt(PATH), "line": Opt(LINE)})

#: Snapshot section -> its spec. A ``delta`` sets sections with these specs too.
SECTIONS: dict[str, Spec] = {
    "step": COUNT, "switches": COUNT, "t": TIME, "clock": STR,
    "tasks": ListOf(TASK, unique="id"),
    "ready": ListOf(READY),
    "timers": ListOf(TIMER),
    "io": ListOf(IO),
    "executor_pending": COUNT,
    "line_step": Opt(LINE_STEP),
    "blocking": MapOf(ID, SECONDS),
    "last": Opt(LAST),
    "awaits": ListOf(AWAIT),
    "deadlock": Opt(Obj(DEADLOCK)),
    "io_detail": IO_DETAIL,
    "waiting_for_io": BOOL,
    "error": STR,
    # Written by the UI into its final entry; a file that carries them is read the same way.
    "final": BOOL,
    "exception": Opt(Obj({"type": Opt(STR), "message": Opt(STR), "file": Opt(PATH),
                          "line": Opt(LINE)})),
    "where": Opt(PLACE),
}
SNAPSHOT = Obj(SECTIONS)

# -- the events (docs/protocol.md, "Events"): every field a reader takes ----------------------

_WHERE = {"file": Opt(PATH), "line": Opt(LINE)}
EVENTS: dict[str, dict[str, Spec]] = {
    "hello": {"protocol": COUNT, "python": STR, "pid": COUNT, "clock": STR, "mode": STR},
    "output": {"stream": STR, "text": STR, "step": COUNT, "raw": BOOL},
    "task_created": {"task_id": ID, "task": STR, "coro": STR, "t": TIME, "parent_id": Opt(ID),
                     "parent": Opt(STR)},
    "switch": {"step": COUNT, "switch": COUNT, "task_id": ID, "task": STR, **_WHERE,
               "from_file": Opt(PATH), "from_line": Opt(LINE), "t": TIME, "cpu": Opt(SECONDS),
               "blocking": SECONDS, "awaiting": STR, "done": BOOL, "internal": BOOL,
               "eager": BOOL},
    "callback": {"step": COUNT, "what": STR, "t": TIME},
    "task_done": {"task_id": ID, "task": STR, "outcome": STR, "detail": STR},
    "clock_jumped": {"from": TIME, "to": TIME},
    "blocked": {"seconds": SECONDS, **_WHERE, "ongoing": BOOL, "call": Opt(STR),
                "task": Opt(STR), "task_id": Opt(ID), "on_pause": BOOL},
    "deadlock": DEADLOCK,
    "io_wait": {"fds": COUNT, "seconds": SECONDS},
    "line": {"task_id": ID, "task": STR, "file": PATH, "line": LINE, "function": STR},
    "time_limit": {"t": TIME},
    "exception": {"type": STR, "message": STR, **_WHERE},
    "paused": {"reason": STR, **_WHERE},
    "resumed": {"mode": STR},
    "progress": {"final": BOOL},
    "summary": {"switches": COUNT, "callbacks": COUNT, "tasks": COUNT, "virtual_time": TIME},
    "exit": {"code": CODE, "loops": COUNT, "switches": COUNT},
    "error": {"message": STR, "fatal": BOOL},
    "message": {"text": STR},
    "chosen": {"by": STR, "index": COUNT, "what": STR, "first": STR, "task_id": Opt(ID),
               "task": Opt(STR), "first_task_id": Opt(ID), "first_task": Opt(STR),
               "step": COUNT, "t": TIME, "seed": Int(-2**64, 2**64)},
    "ended": {"code": CODE, "signal": Opt(STR), "error": Opt(STR)},
}
_EVENT_SPECS = {kind: Obj(fields) for kind, fields in EVENTS.items()}

#: The header's fields that the replay reads (``replay.ReplaySource``).
HEADER = Obj({"target": ListOf(PATH), "clock": STR, "python": STR})

_SPLICE_OP = Row(COUNT, COUNT, ListOf(Obj({})))


def header(head: dict[str, Any]) -> None:
    """Check a recording's header line (already known to be a ``recording`` object)."""
    HEADER.check(head, "header")


def event(message: dict[str, Any]) -> None:
    """Check one decoded event as a replay reads it; ``FieldError`` names the first bad field.

    ``message`` has passed ``protocol.decode``: it is an object with a known ``kind``."""
    kind = message["kind"]
    spec = _EVENT_SPECS.get(kind)
    if spec is not None:
        spec.check(message, "")
    if "snapshot" in message and kind in ("paused", "progress"):
        SNAPSHOT.check(message["snapshot"], "snapshot")
    elif "delta" in message and kind in ("paused", "progress"):
        _delta(message["delta"])


def _delta(delta: dict[str, Any]) -> None:
    """A delta's parts, each against the spec of the section it fills (``reassemble``)."""
    Obj({"set": Obj(SECTIONS), "unset": ListOf(STR), "tasks": ListOf(TASK, unique="id"),
         "gone": ListOf(ID), "splice": MapOf(STR, ListOf(_SPLICE_OP))}).check(delta, "delta")
    for section, ops in (delta.get("splice") or {}).items():
        if section == "tasks":
            raise FieldError("delta.splice.tasks: tasks change through delta.tasks only")
        spec = SECTIONS.get(section)
        if not isinstance(spec, ListOf):
            if spec is not None:
                raise FieldError(f"delta.splice.{section}: {section} is not a list")
            continue  # a section of a newer producer: no reader takes it
        for index, (_, _, items) in enumerate(ops):
            for at, item in enumerate(items):
                spec.item.check(item, f"delta.splice.{section}[{index}][2][{at}]")


__all__ = ["FieldError", "event", "header", "SECTIONS", "EVENTS", "SNAPSHOT"]
