"""The recompiled ``_run_once`` (``upstream_frames``) is kept in ``__pycache__`` like a ``.pyc``.

Recompiling reads and parses two source files, which cost more than the rest of the engine's
start-up; each debuggee after the first loads the result, until either source changes.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from loopscope.engine import upstream_frames


def _load(path: Path, text: str) -> Any:
    path.write_text(textwrap.dedent(text))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_recompiled_function_is_cached_until_a_source_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upstream = _load(tmp_path / "upstream.py", """\
        # upstream
        def run(x):
            y = x + 1
            return y
    """)
    ours = _load(tmp_path / "ours.py", """\
        def run(x):
            y = x + 1
            return y
    """)
    first = upstream_frames.as_upstream(ours.run, upstream.run)
    assert (first.__code__.co_filename, first.__code__.co_firstlineno) == (
        str(tmp_path / "upstream.py"), 2)
    assert [p.name for p in (tmp_path / "__pycache__").iterdir()
            if "upstream" in p.name] == [
        f"run.upstream.{sys.implementation.cache_tag}.marshal"]

    def no_recompiling(ours: Any, upstream: Any) -> None:
        raise AssertionError("recompiled although cached")

    with monkeypatch.context() as patch:
        patch.setattr(upstream_frames, "_recompiled", no_recompiling)
        second = upstream_frames.as_upstream(ours.run, upstream.run)
    assert second.__code__ == first.__code__ and second(1) == 2

    # The upstream source changed (a line more at the top): recompiled, at its new line.
    (tmp_path / "upstream.py").write_text("# upstream\n# moved\ndef run(x):\n    y = x + 1\n"
                                          "    return y\n")
    os.utime(tmp_path / "upstream.py", ns=(1, 1))
    upstream = _load(tmp_path / "upstream.py", (tmp_path / "upstream.py").read_text())
    third = upstream_frames.as_upstream(ours.run, upstream.run)
    assert third.__code__.co_firstlineno == 3
