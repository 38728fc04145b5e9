"""Recordings: the debuggee's event stream saved to a file, and read back as untrusted input.

A recording is what a front end heard, in order: gzip-compressed JSON lines, the first a header
(``{"kind": "recording", "format": 1, "protocol": 1, ...}``), then one protocol event per line,
ending with the session's ``ended``. ``loopscope record`` makes one by running the program
headless and stepping at every pause, so every switch has its snapshot; ``loopscope replay``
feeds the same events to the same UI, which cannot tell the difference and runs no code.

Reading is defensive, because recordings travel (a workshop ships them): plain data only (JSON,
never pickle), every line checked by ``protocol.decode`` and then field by field by
``recording_check`` (every field a replay reads, down to a frame of a task's await chain, so a
bad one is refused here and never reaches the UI), the length of a line and the number of
lines (blank ones too: a gzip bomb of newlines is still bounded) capped, and any fault reported
as one ``RecordingError`` naming the file, the line, and for a bad field the step and the
field. ``check`` reads a whole file that way
before the replay's screen opens, so a file damaged at its end is refused on the command line
rather than halfway through a session; it holds one line at a time, so memory stays bounded
whatever the file claims.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, Any

from . import protocol, recording_check
from .reassemble import DeltaError, Reassembler
from .session import Debuggee, Launch

FORMAT = 1
MAGIC_KIND = "recording"
#: Bounds on what a recording may hold; past them reading stops with an error.
MAX_LINE_BYTES = 16 * 1024 * 1024
MAX_EVENTS = 2_000_000


class RecordingError(Exception):
    """A recording that cannot be read: its message is one line for the user."""


def header(launch: Launch, python: str) -> dict[str, Any]:
    return {"kind": MAGIC_KIND, "format": FORMAT, "protocol": protocol.PROTOCOL_VERSION,
            "python": python, "target": list(launch.target), "clock": launch.clock,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


class RecordingWriter:
    """Writes a header and then events, one JSON line each, gzip-compressed."""

    def __init__(self, path: str | Path, head: dict[str, Any]) -> None:
        self._file: Any = gzip.open(path, "wb", compresslevel=6)
        self._write(head)

    def _write(self, message: dict[str, Any]) -> None:
        self._file.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")

    def write(self, event: dict[str, Any]) -> None:
        self._write(event)

    def close(self) -> None:
        self._file.close()


def read_events(path: str | Path) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """Open a recording: its header, and an iterator of its events (checked as read)."""
    path = Path(path)
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise RecordingError(f"no such recording: {path}") from None
    except IsADirectoryError:
        raise RecordingError(f"{path} is a directory, not a recording") from None
    except OSError as exc:
        raise RecordingError(f"cannot read {path}: {exc.strerror}") from None
    magic = raw.read(2)
    raw.seek(0)
    stream: Any = gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw
    lines = _lines(stream, path)
    try:
        first = next(lines)
    except StopIteration:
        raise RecordingError(f"{path} is empty, not a recording") from None
    try:
        head = json.loads(first)
    except (ValueError, RecursionError):
        head = None
    if not isinstance(head, dict) or head.get("kind") != MAGIC_KIND:
        lines.close()
        raise RecordingError(f"{path} is not a loopscope recording")
    if head.get("format") != FORMAT:
        lines.close()
        raise RecordingError(f"{path} is a recording of format {_short(head.get('format'))}; "
                             f"this loopscope reads format {FORMAT}")
    if head.get("protocol") != protocol.PROTOCOL_VERSION:
        lines.close()
        raise RecordingError(f"{path} was recorded with protocol "
                             f"{_short(head.get('protocol'))}; this loopscope speaks "
                             f"{protocol.PROTOCOL_VERSION}")
    try:
        recording_check.header(head)
    except recording_check.FieldError as exc:
        lines.close()
        raise RecordingError(f"{path}, line 1: {exc}") from None
    return head, _events(lines, path)


def _short(value: Any) -> str:
    """A value from the file, for a message: its repr, cut short (the file is untrusted)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check(path: str | Path) -> None:
    """Read a whole recording as ``replay`` would, keeping nothing; ``RecordingError`` if bad."""
    _, events = read_events(path)
    for _ in events:
        pass


def _lines(stream: IO[bytes], path: Path) -> Generator[bytes, None, None]:
    count = 0
    try:
        while True:
            line = stream.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            count += 1
            if len(line) > MAX_LINE_BYTES:
                raise RecordingError(f"{path}, line {count}: longer than {MAX_LINE_BYTES} bytes")
            if count > MAX_EVENTS + 1:
                raise RecordingError(f"{path} holds more than {MAX_EVENTS} events")
            yield line
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise RecordingError(f"{path} is damaged: {exc}") from None
    finally:
        stream.close()


def _events(lines: Iterator[bytes], path: Path) -> Iterator[dict[str, Any]]:
    count = 0
    pauses = 0  # the replay's step an event belongs to: 0 up to the first pause
    reassembler = Reassembler()  # the file keeps deltas as sent; readers get whole snapshots
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        try:
            message = protocol.decode(line)
        except protocol.ProtocolError as exc:
            raise RecordingError(f"{path}, line {number}: {exc}") from None
        try:
            recording_check.event(message)  # every field a replay reads, before it reads one
            event = reassembler.event(message)
        except (recording_check.FieldError, DeltaError) as exc:
            raise RecordingError(f"{path}, line {number} (step {pauses}): "
                                 f"{message['kind']} event: {exc}") from None
        if event["kind"] == "paused":
            pauses += 1
        count += 1
        if count > MAX_EVENTS:
            raise RecordingError(f"{path} holds more than {MAX_EVENTS} events")
        yield event


def record(launch: Launch, out: str | Path, *, max_steps: int = 100_000,
           err: IO[str] | None = None) -> int:
    """Run ``launch`` headless, stepping at every pause, and save every event to ``out``."""
    err = err or sys.stderr
    launch.mode = "interactive"
    launch.output = "events"
    debuggee = Debuggee(launch, capture_output=True, stdin=None, reassemble=False)
    writer = RecordingWriter(out, header(launch, ".".join(map(str, sys.version_info[:3]))))
    code = 0
    steps = 0
    debuggee.start()
    try:
        with debuggee.signals_forwarded():
            for event in debuggee.iter_events():
                if event["kind"] == "hello":
                    writer.write(event)
                    continue
                writer.write(event)
                if event["kind"] == "paused":
                    steps += 1
                    if steps >= max_steps:
                        err.write(f"loopscope: stopped recording after {max_steps} steps "
                                  "(--max-steps)\n")
                        debuggee.kill()
                        continue
                    reason = event["reason"]
                    debuggee.send({"kind": "continue" if reason == "deadlock" else "step"})
                elif event["kind"] == "ended":
                    code = event["code"]
    finally:
        writer.close()
        debuggee.close()
    err.write(f"loopscope: recorded {steps} pauses to {out}\n")
    return code
