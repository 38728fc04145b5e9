"""The wire protocol: one JSON object per line, checked against one schema table.

``decode`` is the only door into a front end (a debuggee, or a recording file someone sent you),
so it must refuse everything that is not a well-formed message of this protocol version, and it
must refuse it the same way every time: ``ProtocolError`` (a ``ValueError``) with a message that
says what is wrong. Nothing else may escape it, whatever the bytes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopscope import protocol
from loopscope.protocol import COMMANDS, EVENTS, PROTOCOL_VERSION, ProtocolError, decode, encode

# -- valid messages ----------------------------------------------------------------------------

#: One valid example of every event kind (the same examples as in docs/protocol.md).
EVENT_EXAMPLES: dict[str, dict[str, Any]] = {
    "hello": {"kind": "hello", "protocol": PROTOCOL_VERSION, "python": "3.12.1", "pid": 4242,
              "clock": "virtual", "mode": "trace"},
    "output": {"kind": "output", "stream": "stdout", "text": "Task One running\n", "step": 1},
    "task_created": {"kind": "task_created", "task_id": "T2", "task": "One", "coro": "task",
                     "t": 0.0, "parent_id": "T1", "parent": "Task-1"},
    "switch": {"kind": "switch", "step": 2, "switch": 2, "task_id": "T2", "task": "One",
               "from_file": "/w/queue_workers.py", "from_line": 24,
               "file": "/w/queue_workers.py", "line": 33, "t": 0.0,
               "awaiting": "sleep(15) until t=15"},
    "callback": {"kind": "callback", "step": 4, "what": "wake sleeper", "t": 10.0},
    "task_done": {"kind": "task_done", "task_id": "T3", "task": "Two", "outcome": "result",
                  "detail": "None"},
    "clock_jumped": {"kind": "clock_jumped", "from": 0.0, "to": 10.0},
    "blocked": {"kind": "blocked", "seconds": 0.4, "file": "/w/b.py", "line": 7,
                "ongoing": False, "call": "time.sleep", "task_id": "T1", "task": "main"},
    "deadlock": {"kind": "deadlock", "t": 0.0, "tasks": [
        {"task_id": "T2", "task": "Alice", "awaiting": "Event.wait()", "file": "/w/d.py",
         "line": 23}]},
    "io_wait": {"kind": "io_wait", "fds": 3, "seconds": 0.1},
    "line": {"kind": "line", "task_id": "T3", "task": "Walker", "file": "/w/walk.py",
             "line": 17, "function": "walker"},
    "time_limit": {"kind": "time_limit", "t": 101.0},
    "exception": {"kind": "exception", "type": "ValueError", "message": "boom",
                  "file": "/w/boom.py", "line": 6},
    "paused": {"kind": "paused", "reason": "step", "snapshot": {"step": 0, "tasks": []}},
    # (a "delta" instead of the "snapshot": test_snapshot_or_delta)
    "resumed": {"kind": "resumed", "mode": "step"},
    "ended": {"kind": "ended", "code": 0},
    "progress": {"kind": "progress", "snapshot": {"step": 12}},
    "summary": {"kind": "summary", "switches": 10, "callbacks": 9, "tasks": 5,
                "virtual_time": 17.0},
    "exit": {"kind": "exit", "code": 7},
    "error": {"kind": "error", "message": "bad command: unknown message kind 'jump'"},
    "message": {"kind": "message",
                "text": "loopscope: stopped at the virtual time limit t=100 s (--time-limit)"},
    "chosen": {"kind": "chosen", "by": "user", "index": 1, "what": "step Two", "task_id": "T3",
               "task": "Two", "first": "step One", "first_task_id": "T2", "first_task": "One",
               "step": 1, "t": 0.0},
}

COMMAND_EXAMPLES: dict[str, dict[str, Any]] = {
    "step": {"kind": "step"},
    "step_callback": {"kind": "step_callback"},
    "continue": {"kind": "continue"},
    "pause": {"kind": "pause"},
    "run_to_task": {"kind": "run_to_task", "task_id": "T3"},
    "line_step": {"kind": "line_step", "task_id": "T3"},
    "run_next": {"kind": "run_next", "index": 1, "task_id": "T3"},
    "set_breakpoints": {"kind": "set_breakpoints", "lines": [["/w/queue_workers.py", 33]],
                        "tasks": ["Two"]},
    "snapshot": {"kind": "snapshot"},
    "quit": {"kind": "quit"},
}


def test_every_kind_has_an_example() -> None:
    assert set(EVENT_EXAMPLES) == set(EVENTS)
    assert set(COMMAND_EXAMPLES) == set(COMMANDS)


@pytest.mark.parametrize("kind", sorted(EVENT_EXAMPLES))
def test_event_round_trip(kind: str) -> None:
    message = EVENT_EXAMPLES[kind]
    assert decode(encode(message)) == message


@pytest.mark.parametrize("kind", sorted(COMMAND_EXAMPLES))
def test_command_round_trip(kind: str) -> None:
    message = COMMAND_EXAMPLES[kind]
    assert decode(encode(message), COMMANDS) == message


def test_encode_is_one_compact_utf8_line() -> None:
    data = encode({"kind": "output", "stream": "stdout", "text": "café\nnext line"})
    assert isinstance(data, bytes)
    assert data.endswith(b"\n") and data.count(b"\n") == 1  # the newline in text is escaped
    assert "café".encode() in data  # not \u00e9: UTF-8, not ASCII escapes
    assert b", " not in data and b": " not in data


def test_decode_accepts_text_and_surrounding_whitespace() -> None:
    line = encode(EVENT_EXAMPLES["exit"]).decode()
    assert decode("  " + line + "  \r\n") == EVENT_EXAMPLES["exit"]


def test_extra_fields_are_kept() -> None:
    # Producers may add fields (the tracer's ``t``, ``awaiting``...): old readers keep them.
    message = dict(EVENT_EXAMPLES["exit"], future_field={"nested": [1, 2]})
    assert decode(encode(message)) == message


def test_optional_location_may_be_null() -> None:
    message = dict(EVENT_EXAMPLES["switch"], file=None, line=None, done=True)
    assert decode(encode(message)) == message


# -- every way a line can be wrong -------------------------------------------------------------


def refused(line: bytes | str, pattern: str, schema: Any = None) -> None:
    with pytest.raises(ProtocolError, match=pattern):
        decode(line, schema)


def test_protocol_error_is_a_value_error() -> None:
    assert issubclass(ProtocolError, ValueError)


def test_truncated_json() -> None:
    line = encode(EVENT_EXAMPLES["switch"])
    refused(line[: len(line) // 2], r"^message is not JSON: ")


def test_empty_line() -> None:
    refused(b"\n", r"^empty message$")
    refused("   ", r"^empty message$")


@pytest.mark.parametrize("line", [b"[1, 2]", b"42", b'"exit"', b"null", b"true"])
def test_not_an_object(line: bytes) -> None:
    refused(line, r"^message is not a JSON object$")


@pytest.mark.parametrize("line", [b"{}", b'{"code": 0}', b'{"kind": 5}', b'{"kind": null}'])
def test_no_kind(line: bytes) -> None:
    refused(line, r"^message has no kind$")


def test_unknown_kind() -> None:
    refused(b'{"kind": "teleport"}', r"^unknown message kind 'teleport'$")


def test_unknown_kind_is_cut_short_in_the_message() -> None:
    with pytest.raises(ProtocolError) as info:
        decode(json.dumps({"kind": "x" * 10_000}))
    assert len(str(info.value)) < 100


def test_events_and_commands_are_separate_vocabularies() -> None:
    refused(encode({"kind": "step"}), r"^unknown message kind 'step'$")
    refused(encode(EVENT_EXAMPLES["exit"]), r"^unknown message kind 'exit'$", COMMANDS)


@pytest.mark.parametrize("kind", sorted(k for k in EVENTS if EVENTS[k]))
def test_each_missing_event_field(kind: str) -> None:
    for name in EVENTS[kind]:
        message = dict(EVENT_EXAMPLES[kind])
        del message[name]
        refused(encode(message), rf"^{kind} message has a bad or missing '{name}'$")


def test_snapshot_or_delta() -> None:
    """``paused`` and ``progress`` carry exactly one of a whole snapshot and a delta."""
    for kind in ("paused", "progress"):
        base = {k: v for k, v in EVENT_EXAMPLES[kind].items() if k != "snapshot"}
        delta = dict(base, delta={"set": {"step": 3}, "tasks": [], "timers": [["-", 0, 1]]})
        assert decode(encode(delta)) == delta
        refused(encode(base), rf"^{kind} message has a bad or missing 'snapshot'$")
        refused(encode(dict(base, delta=[])), rf"^{kind} message has a bad or missing 'delta'$")
        refused(encode(dict(delta, snapshot={})),
                rf"^{kind} message has a bad or missing 'snapshot'$")


def test_missing_command_field() -> None:
    refused(b'{"kind": "run_to_task"}', r"^run_to_task message has a bad or missing 'task_id'$",
            COMMANDS)
    refused(b'{"kind": "set_breakpoints", "lines": []}',
            r"^set_breakpoints message has a bad or missing 'tasks'$", COMMANDS)


ILL_TYPED = [
    ("output", "text", 5),
    ("output", "stream", None),
    ("switch", "step", "2"),
    ("switch", "step", 2.0),
    ("switch", "step", True),          # bool is an int to Python, not to the protocol
    ("switch", "line", "33"),
    ("switch", "line", True),          # ... also where None is allowed
    ("switch", "file", 33),
    ("clock_jumped", "to", "10"),
    ("clock_jumped", "to", False),
    ("deadlock", "tasks", {"T1": "x"}),
    ("paused", "snapshot", []),
    ("exit", "code", 0.0),
    ("exit", "code", None),
    ("summary", "virtual_time", None),
    ("hello", "protocol", "1"),
]


@pytest.mark.parametrize(("kind", "name", "value"), ILL_TYPED)
def test_ill_typed_field(kind: str, name: str, value: Any) -> None:
    message = dict(EVENT_EXAMPLES[kind], **{name: value})
    refused(encode(message), rf"^{kind} message has a bad or missing '{name}'$")


def test_ill_typed_command_field() -> None:
    refused(b'{"kind": "run_to_task", "task_id": 3}',
            r"^run_to_task message has a bad or missing 'task_id'$", COMMANDS)
    refused(b'{"kind": "set_breakpoints", "lines": "a.py:3", "tasks": []}',
            r"^set_breakpoints message has a bad or missing 'lines'$", COMMANDS)


def test_numbers_accept_int_and_float() -> None:
    for value in (10, 10.5):
        message = dict(EVENT_EXAMPLES["clock_jumped"], to=value)
        assert decode(encode(message)) == message


@pytest.mark.parametrize("version", [0, PROTOCOL_VERSION + 1, 99])
def test_wrong_protocol_version_in_hello(version: int) -> None:
    message = dict(EVENT_EXAMPLES["hello"], protocol=version)
    refused(encode(message), rf"^debuggee speaks protocol {version}, this loopscope speaks "
                             rf"{PROTOCOL_VERSION}$")


def test_not_utf8() -> None:
    refused(b'{"kind": "output", "stream": "stdout", "text": "\xff\xfe"}',
            r"^message is not UTF-8: invalid start byte$")


def test_oversize_bytes_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(protocol, "MAX_LINE_BYTES", 100)
    big = encode(dict(EVENT_EXAMPLES["output"], text="x" * 200))
    refused(big, r"^message of \d+ bytes is over the limit$")
    refused(big.decode(), r"^message of \d+ characters is over the limit$")
    assert decode(encode(EVENT_EXAMPLES["exit"]))  # under the limit: fine


def test_the_real_limit_is_refused_before_parsing() -> None:
    refused(b" " * (protocol.MAX_LINE_BYTES + 1), r"over the limit")


def test_deep_nesting_is_a_protocol_error() -> None:
    refused(b"[" * 100_000 + b"]" * 100_000, r"^message is not JSON")


def test_huge_integer_is_a_protocol_error() -> None:
    refused(b'{"kind": "exit", "code": ' + b"9" * 50_000 + b"}", r"^message is not JSON")


# -- fuzzing ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _field_values(types: Any) -> st.SearchStrategy[Any]:
    choices = types if isinstance(types, tuple) else (types,)
    strategies = []
    for typ in choices:
        if typ is int:
            strategies.append(st.integers())
        elif typ is float:
            strategies.append(st.floats(allow_nan=False, allow_infinity=False))
        elif typ is str:
            strategies.append(st.text())
        elif typ is list:
            strategies.append(st.lists(json_values, max_size=3))
        elif typ is dict:
            strategies.append(st.dictionaries(st.text(max_size=8), json_values, max_size=3))
        elif typ is type(None):
            strategies.append(st.none())
    return st.one_of(strategies)


@st.composite
def valid_events(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(EVENTS)))
    message: dict[str, Any] = {"kind": kind}
    for name, types in EVENTS[kind].items():
        message[name] = draw(_field_values(types))
    if kind == "hello":
        message["protocol"] = PROTOCOL_VERSION
    choices = protocol.ONE_OF.get(kind)
    if choices is not None:
        message[draw(st.sampled_from(choices))] = draw(_field_values(dict))
    extra = draw(st.dictionaries(st.text(max_size=8).filter(
        lambda k: k not in message and k not in (choices or ())),
                                 json_values, max_size=3))
    message.update(extra)
    return message


@given(valid_events())
@settings(max_examples=300, deadline=None)
def test_fuzz_valid_events_round_trip(message: dict[str, Any]) -> None:
    assert decode(encode(message)) == message


@st.composite
def near_messages(draw: st.DrawFn) -> dict[str, Any]:
    """A known kind with random fields: exercises the field checks, not just the JSON parser."""
    kind = draw(st.sampled_from(sorted(EVENTS) + sorted(COMMANDS)))
    fields = draw(st.dictionaries(
        st.sampled_from(sorted({n for f in [*EVENTS.values(), *COMMANDS.values()] for n in f})),
        json_values, max_size=6))
    return {"kind": kind, **fields}


def _only_protocol_errors(line: bytes | str, schema: Any = None) -> None:
    try:
        message = decode(line, schema)
    except ProtocolError as exc:
        assert str(exc)  # always says something
    else:
        assert isinstance(message, dict) and isinstance(message["kind"], str)


@given(st.binary(max_size=300))
@settings(max_examples=500, deadline=None)
def test_fuzz_bytes_raise_only_protocol_error(data: bytes) -> None:
    _only_protocol_errors(data)
    _only_protocol_errors(data, COMMANDS)


@given(st.text(max_size=300))
@settings(max_examples=500, deadline=None)
def test_fuzz_text_raises_only_protocol_error(text: str) -> None:
    _only_protocol_errors(text)
    _only_protocol_errors(text, COMMANDS)


@given(json_values)
@settings(max_examples=300, deadline=None)
def test_fuzz_any_json_raises_only_protocol_error(value: Any) -> None:
    _only_protocol_errors(json.dumps(value))


@given(near_messages(), st.booleans())
@settings(max_examples=500, deadline=None)
def test_fuzz_known_kinds_with_random_fields(message: dict[str, Any], as_bytes: bool) -> None:
    line: bytes | str = json.dumps(message)
    if as_bytes:
        line = line.encode()
    _only_protocol_errors(line)
    _only_protocol_errors(line, COMMANDS)


@given(valid_events(), st.integers(min_value=1, max_value=50))
@settings(max_examples=200, deadline=None)
def test_fuzz_truncated_valid_lines(message: dict[str, Any], cut: int) -> None:
    line = encode(message)
    _only_protocol_errors(line[: max(0, len(line) - cut)])


# -- the documentation ---------------------------------------------------------------------------


def test_every_example_in_the_protocol_doc_decodes() -> None:
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()
    blocks = re.findall(r"```json\n(.*?)```", doc, re.S)
    seen = set()
    for block in blocks:
        if block.startswith("{\n"):  # the pretty-printed snapshot
            assert isinstance(json.loads(block), dict)
            continue
        for line in block.strip().splitlines():
            kind = json.loads(line)["kind"]
            message = decode(line, COMMANDS if kind in COMMANDS else EVENTS)
            seen.add(message["kind"])
    assert seen >= set(EVENTS) | set(COMMANDS)
