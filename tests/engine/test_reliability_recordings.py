"""Recordings are untrusted input (issue 7): ``loopscope replay`` refuses a bad file in one line.

A recording travels (a workshop ships one), so ``replay`` reads it as hostile data: JSON lines
only (never pickle, never code), each line and the number of lines bounded, and the whole file
checked before the screen opens. Every bad file here gets one line on stderr and status 2, and
the process that read it stays small (its peak memory is measured with ``wait4``).
"""

from __future__ import annotations

import gzip
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from loopscope.recording import MAX_EVENTS, MAX_LINE_BYTES, check
from loopscope.replay import ReplaySource

from ._support import ROOT, env

HERE = ROOT / "tests" / "reliability_programs"
HEADER = b'{"kind":"recording","format":1,"protocol":1,"target":["x.py"],"clock":"virtual"}\n'


def _replay(path: Path) -> tuple[int, str, str, int]:
    """``loopscope replay PATH``: (status, stdout, stderr, peak memory in MB)."""
    # The peak is read by the process itself at exit (VmHWM of its own memory): the kernel's
    # ru_maxrss of a child counts the memory of the parent it was forked from, a pytest worker
    # that has grown by then (300 MB and more late in a suite).
    note = path.with_suffix(".hwm")
    proc = subprocess.Popen([sys.executable, "-c", _MEASURED, str(note), "replay", str(path)],
                            cwd=ROOT, env=env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out.decode(), err.decode(), int(note.read_text()) // 1024


#: ``python -c`` this, NOTE, loopscope's arguments: runs loopscope, writes its VmHWM (kB) to NOTE.
_MEASURED = """\
import atexit, runpy, sys
note = sys.argv.pop(1)
def hwm():
    with open("/proc/self/status") as status, open(note, "w") as out:
        out.write(next(l for l in status if l.startswith("VmHWM")).split()[1])
atexit.register(hwm)
sys.argv[0] = "loopscope"
runpy.run_module("loopscope", run_name="__main__", alter_sys=True)
"""


def _record(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "run.loopscope"
    done = subprocess.run([sys.executable, "-m", "loopscope", "record", "-o", str(out), *args],
                          cwd=ROOT, env=env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return out


class Evil:
    """Unpickling this runs a shell command that leaves a file behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9)


def _bomb(tmp_path: Path) -> bytes:
    """A header, then 200 MB of zeros on one line: 200 KB compressed."""
    path = tmp_path / "bomb.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(HEADER)
        block = b"0" * (1024 * 1024)
        for _ in range(200):
            out.write(block)
    return path.read_bytes()


CASES: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "empty": (lambda tmp: b"", "{} is empty, not a recording"),
    "garbage": (lambda tmp: bytes(range(256)) * 40, "{} is not a loopscope recording"),
    "garbage-gzip": (lambda tmp: b"\x1f\x8b" + bytes(range(256)) * 4,
                     "{} is damaged: Unknown compression method"),
    "a-text-file": (lambda tmp: b"hello\nworld\n", "{} is not a loopscope recording"),
    "wrong-format": (lambda tmp: _gz(b'{"kind":"recording","format":2,"protocol":1}\n'),
                     "{} is a recording of format 2; this loopscope reads format 1"),
    "wrong-protocol": (lambda tmp: _gz(b'{"kind":"recording","format":1,"protocol":7}\n'),
                       "{} was recorded with protocol 7; this loopscope speaks 1"),
    "absurd-version": (lambda tmp: _gz(b'{"kind":"recording","format":"' + b"9" * 5000 + b'"}\n'),
                       "{} is a recording of format '999999999999999999999999999999999999..."
                       "; this loopscope reads format 1"),
    "pickle": (lambda tmp: pickle.dumps(Evil(tmp / "pwned")), "{} is not a loopscope recording"),
    "pickle-gzip": (lambda tmp: _gz(pickle.dumps(Evil(tmp / "pwned"))),
                    "{} is not a loopscope recording"),
    "pickle-as-an-event": (lambda tmp: _gz(HEADER + pickle.dumps(Evil(tmp / "pwned"), 0)),
                           "{}, line 2: message is not JSON: Expecting value: line 1 column 1 "
                           "(char 0)"),
    "deep-nesting-header": (lambda tmp: _gz(b"[" * 100_000 + b"]" * 100_000 + b"\n"),
                            "{} is not a loopscope recording"),
    "deep-nesting-event": (lambda tmp: _gz(HEADER + b'{"kind":"output","stream":"stdout",'
                                           b'"text":' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"),
                           "{}, line 2: message is not JSON: it is nested too deeply"),
    "huge-number": (lambda tmp: _gz(HEADER + b'{"kind":"clock_jumped","from":' + b"7" * 100_000
                                    + b',"to":1}\n'),
                    "{}, line 2: message is not JSON: Exceeds the limit (4300 digits) for "
                    "integer string conversion: value has 1000..."),
    "unknown-kind": (lambda tmp: _gz(HEADER + b'{"kind":"exec","code":"import os"}\n'),
                     "{}, line 2: unknown message kind 'exec'"),
    "gzip-bomb": (_bomb, f"{{}}, line 2: longer than {MAX_LINE_BYTES} bytes"),
    "newline-bomb": (lambda tmp: _gz(HEADER + b"\n" * (MAX_EVENTS + 10)),
                     f"{{}} holds more than {MAX_EVENTS} events"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_recording_is_refused_in_one_line(case: str, tmp_path: Path) -> None:
    make, message = CASES[case]
    path = tmp_path / "bad.loopscope"
    path.write_bytes(make(tmp_path))
    status, out, err, peak_mb = _replay(path)
    assert (status, out, err) == (2, "", f"loopscope: error: {message.format(path)}\n")
    assert peak_mb < 300
    assert not (tmp_path / "pwned").exists()  # nothing was unpickled


def test_a_truncated_recording_is_refused_before_the_screen_opens(tmp_path: Path) -> None:
    recording = _record(tmp_path, "samples/waiter.py")
    check(recording)  # whole, it is fine
    data = recording.read_bytes()
    cut = tmp_path / "cut.loopscope"
    cut.write_bytes(data[: len(data) // 2])
    status, out, err, _ = _replay(cut)
    assert (status, out) == (2, "")
    assert err == (f"loopscope: error: {cut} is damaged: Compressed file ended before the "
                   "end-of-stream marker was reached\n")


def test_replaying_runs_no_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "mark"
    recording = _record(tmp_path, str(HERE / "leaves_a_mark.py"), str(marker))
    assert marker.read_text() == "ran\n"
    marker.unlink()

    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("replay started a process")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    monkeypatch.setattr(os, "fork", no_process)
    source = ReplaySource(str(recording))
    source.start()
    events = source.next_batch(5.0)
    while events[-1]["kind"] != "ended":
        source.send({"kind": "continue"})
        events = source.next_batch(5.0)
    assert not marker.exists()
