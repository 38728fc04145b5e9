"""The one protocol between a debuggee and a front end: versioned JSON lines.

Both sides import this module, and the debuggee runs in the user's own interpreter, so it imports
only the standard library. It owns three things and nothing else:

* the names of the message kinds and the fields each must carry (``EVENTS`` for what the
  debuggee says, ``COMMANDS`` for what a front end asks), which ``docs/protocol.md`` explains;
* ``encode``: a message (a plain ``dict`` with a ``"kind"``) to one line of UTF-8 JSON;
* ``decode``: one line back to a message, checked, raising only ``ProtocolError``.

It also holds ``list_ops``, the list edits of a snapshot ``delta`` (``[at, delete, items]``),
which the debuggee makes and the front end's history makes again to pack its own entries.

Messages stay plain dicts rather than classes because the hot path (one ``switch`` event per task
step while tracing) must cost little, and because a recording is the same stream saved to a file:
what is decoded from a pipe and from a recording is the same shape. The schema lives in one table
so that the decoder, the docs and the fuzz tests agree on it.
"""

from __future__ import annotations

import json
from itertools import compress, count, islice
from operator import is_not
from typing import Any

PROTOCOL_VERSION = 1

#: A line longer than this is refused: a snapshot of 10,000 tasks is about 3 MB.
MAX_LINE_BYTES = 64 * 1024 * 1024

Message = dict[str, Any]

_NUM = (int, float)

#: Events, debuggee to front end: kind -> {required field: accepted types}.
EVENTS: dict[str, dict[str, Any]] = {
    "hello": {"protocol": int, "python": str, "pid": int, "clock": str},
    "output": {"stream": str, "text": str},
    "task_created": {"task_id": str, "task": str, "coro": str},
    # Optional: switch, from_file, from_line, t, cpu (real seconds the step held the loop),
    # awaiting, done, internal, eager.
    "switch": {"step": int, "task_id": str, "task": str, "file": (str, type(None)),
               "line": (int, type(None))},
    "callback": {"step": int, "what": str},
    "task_done": {"task_id": str, "task": str, "outcome": str},
    "clock_jumped": {"from": _NUM, "to": _NUM},
    "blocked": {"seconds": _NUM, "file": (str, type(None)), "line": (int, type(None))},
    "deadlock": {"tasks": list},
    "io_wait": {"fds": int},
    "line": {"task_id": str, "file": str, "line": int, "function": str},
    "time_limit": {"t": _NUM},
    "exception": {"type": str, "message": str},
    "paused": {"reason": str},
    "resumed": {"mode": str},
    "ended": {"code": int},
    "progress": {},
    "summary": {"switches": int, "callbacks": int, "tasks": int, "virtual_time": _NUM},
    "exit": {"code": int},
    "error": {"message": str},
    "message": {"text": str},
    "chosen": {"by": str, "index": int, "what": str, "first": str},
}

#: Kinds that carry one of several fields: a whole ``snapshot`` or the ``delta`` from the one
#: sent before (``docs/protocol.md``, "Snapshots and deltas"; ``loopscope.reassemble``).
ONE_OF: dict[str, tuple[str, ...]] = {
    "paused": ("snapshot", "delta"),
    "progress": ("snapshot", "delta"),
}

#: Commands, front end to debuggee.
COMMANDS: dict[str, dict[str, Any]] = {
    "step": {},
    "step_callback": {},
    "continue": {},
    "pause": {},
    "run_to_task": {"task_id": str},
    "line_step": {"task_id": str},
    "run_next": {"index": int},
    "set_breakpoints": {"lines": list, "tasks": list},
    "snapshot": {},
    "quit": {},
}


class ProtocolError(ValueError):
    """A line that is not a valid message of this protocol version."""


def encode(message: Message) -> bytes:
    """One message as one line of JSON, newline included."""
    return (json.dumps(message, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


def decode(line: bytes | str, schema: dict[str, dict[str, Any]] | None = None) -> Message:
    """Parse and check one line; ``schema`` is ``EVENTS`` (default) or ``COMMANDS``."""
    table = EVENTS if schema is None else schema
    if isinstance(line, bytes):
        if len(line) > MAX_LINE_BYTES:
            raise ProtocolError(f"message of {len(line)} bytes is over the limit")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(f"message is not UTF-8: {exc.reason}") from None
    else:
        text = line
        if len(text) > MAX_LINE_BYTES:
            raise ProtocolError(f"message of {len(text)} characters is over the limit")
    text = text.strip()
    if not text:
        raise ProtocolError("empty message")
    try:
        message = json.loads(text)
    except RecursionError:
        raise ProtocolError("message is not JSON: it is nested too deeply") from None
    except ValueError as exc:
        why = str(exc)
        raise ProtocolError(f"message is not JSON: {why if len(why) <= 80 else why[:77] + '...'}"
                            ) from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    kind = message.get("kind")
    if not isinstance(kind, str):
        raise ProtocolError("message has no kind")
    fields = table.get(kind)
    if fields is None:
        raise ProtocolError(f"unknown message kind {kind[:40]!r}")
    for name, types in fields.items():
        value = message.get(name)
        accepted = types if isinstance(types, tuple) else (types,)
        if name not in message or not isinstance(value, types) or (
            isinstance(value, bool) and bool not in accepted
        ):
            raise ProtocolError(f"{kind} message has a bad or missing {name!r}")
    if schema is None or schema is EVENTS:
        choices = ONE_OF.get(kind)
        if choices is not None:
            present = [name for name in choices if name in message]
            if len(present) != 1 or not isinstance(message[present[0]], dict):
                name = present[0] if present else choices[0]
                raise ProtocolError(f"{kind} message has a bad or missing {name!r}")
    if kind == "hello" and message["protocol"] != PROTOCOL_VERSION:
        raise ProtocolError(
            f"debuggee speaks protocol {message['protocol']}, this loopscope speaks "
            f"{PROTOCOL_VERSION}"
        )
    return message


def list_ops(old: list[Any], new: list[Any]) -> list[list[Any]] | None:
    """Edits that turn ``old`` into ``new`` (``[at, delete, items]``, applied in order), or
    None when sending ``new`` whole is as short.

    Made for a queue: a common head and tail are kept, and inside the rest one run shared by
    both (the ready queue after a step: the head left, new entries at the end, the rest moved
    up by one). Unchanged items are usually the same objects, so most tests are identities."""
    n, m = len(old), len(new)
    limit = min(n, m)
    head = _same_run(old, new, limit)
    tail = _same_run(old[::-1], new[::-1], limit - head) if head < limit else 0
    old_mid, new_mid = old[head:n - tail], new[head:m - tail]
    # One run both middles share, looked for near their starts.
    run_old = run_new = run = 0
    for j in range(min(4, len(new_mid))):
        item = new_mid[j]
        for i in range(min(8, len(old_mid))):
            if old_mid[i] is item or old_mid[i] == item:
                length = _same_run(old_mid, new_mid, min(len(old_mid) - i, len(new_mid) - j),
                                   i, j)
                if length > run:
                    run_old, run_new, run = i, j, length
                break
        if run:
            break
    ops: list[tuple[int, int, list[Any]]]
    if not run:
        ops = [(head, len(old_mid), new_mid)]
    else:
        ops = [(head, run_old, new_mid[:run_new]),
               (head + run_new + run, len(old_mid) - run_old - run, new_mid[run_new + run:])]
        ops = [op for op in ops if op[1] or op[2]]
    if sum(len(op[2]) for op in ops) * 2 > m:
        return None
    return [list(op) for op in ops]


def _same_run(a: list[Any], b: list[Any], limit: int, a_at: int = 0, b_at: int = 0) -> int:
    """How many items of ``a`` from ``a_at`` and of ``b`` from ``b_at`` are the same or equal
    in turn, at most ``limit``. Runs of the very same objects (most of a 10,000-item queue)
    are skipped in C."""
    at = 0
    while at < limit:
        differ = compress(count(at), map(is_not, islice(a, a_at + at, a_at + limit),
                                         islice(b, b_at + at, b_at + limit)))
        at = next(differ, limit)
        if at == limit or not a[a_at + at] == b[b_at + at]:
            break
        at += 1
    return at
