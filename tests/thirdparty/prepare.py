"""Fetch, unpack and install: everything before a suite runs, cached and reused.

Nothing here lives in the repository: the cache (``--cache``, default
``$XDG_CACHE_HOME/loopscope/thirdparty`` or ``~/.cache/loopscope/thirdparty``) holds the sdists,
their unpacked trees and one venv per suite and interpreter. Inside the repository the trees
would be collected by loopscope's own ``pytest`` (``testpaths = ["tests"]``) and linted by ruff.

Each step is skipped when its result is present: the sdist file, the unpacked folder, and a venv
whose ``loopscope-thirdparty.json`` records the same interpreter, requirements and repository as
asked (any other venv in that place is made again). The venv is made ``--without-pip`` and gets
pip from a wheel the running interpreter downloads, as ``.ci/sid-venv`` does: an interpreter's
own ensurepip may be missing (Debian) or too old. loopscope is installed editable, so the tree
under test is the checkout's, whatever changed since the venv was made.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .suites import Suite

REPO = Path(__file__).resolve().parents[2]
MARKER = "loopscope-thirdparty.json"


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "loopscope" / "thirdparty"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run(argv: list[str | Path]) -> None:
    """Run a setup command quietly; on failure show its output and stop."""
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True)
    if done.returncode:
        say(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(map(str, argv))}")


def sdist(suite: Suite, cache: Path) -> Path:
    """The unpacked sdist of ``suite``, fetched with pip's own client the first time."""
    source = cache / "src" / suite.folder
    if source.is_dir():
        return source
    archives = cache / "sdists"
    archive = next(archives.glob(f"{suite.folder}.tar.gz"), None)
    if archive is None:
        say(f"fetching {suite.spec} (sdist)")
        run([sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:", "--no-deps",
             "-d", archives, suite.spec])
        archive = archives / f"{suite.folder}.tar.gz"
    unpacked = Path(tempfile.mkdtemp(dir=archives))
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    source.parent.mkdir(parents=True, exist_ok=True)
    (unpacked / suite.folder).rename(source)
    shutil.rmtree(unpacked)
    return source


def interpreter_tag(python: str) -> str:
    """``cpython-3.11.7``: names the venv, so that each interpreter gets its own."""
    out = subprocess.run(
        [python, "-c", "import sys; print(sys.implementation.name, sys.version.split()[0])"],
        capture_output=True, text=True, check=True).stdout.split()
    return "-".join(out)


def venv(suite: Suite, source: Path, python: str, cache: Path) -> Path:
    """A venv of ``python`` with the suite's project, its test needs and loopscope (editable)."""
    requirements = suite.test_requirements(source)
    tag = interpreter_tag(python)
    place = cache / "venvs" / f"{suite.folder}-{tag}"
    wanted = {"python": str(Path(python).absolute()), "tag": tag, "repo": str(REPO),
              "requirements": requirements}
    marker = place / MARKER
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return place
    say(f"making {place} ({suite.spec}, {len(requirements)} test requirements, loopscope)")
    shutil.rmtree(place, ignore_errors=True)
    run([python, "-m", "venv", "--without-pip", place])
    with tempfile.TemporaryDirectory() as wheels:
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", wheels, "pip"])
        wheel = next(Path(wheels).glob("pip-*.whl"))
        run([place / "bin" / "python", wheel / "pip", "install", "-q", wheel])
    pip: list[str | Path] = [place / "bin" / "python", "-m", "pip", "install", "-q"]
    run([*pip, source, *requirements])
    run([*pip, "-e", REPO])
    marker.write_text(json.dumps(wanted, indent=1) + "\n")
    return place


def versions(place: Path, names: list[str]) -> str:
    """``pytest 9.0.1, pytest-asyncio 1.3.0``: what the venv holds, for the report's header."""
    code = ("import importlib.metadata as m, sys\n"
            "print(', '.join(f'{n} {m.version(n)}' for n in sys.argv[1:]))")
    return subprocess.run([place / "bin" / "python", "-c", code, *names],
                          capture_output=True, text=True).stdout.strip()
