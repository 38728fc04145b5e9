"""The engine and the protocol import nothing outside the standard library.

They run inside the user's own interpreter (``loopscope --python /some/venv/bin/python``), which
may have none of loopscope's dependencies, and whatever they import becomes part of the program
being debugged. So: a fresh interpreter imports ``loopscope.protocol`` and every module of
``loopscope.engine``, and every module that appeared in ``sys.modules`` must be either part of the
standard library or one of those loopscope modules (not ``loopscope.session``, ``trace``, ``cli``,
``ui``: those are the front end's).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap

from ._support import ROOT

ENGINE_DIR = ROOT / "loopscope" / "engine"

PROBE = textwrap.dedent(
    """
    import importlib, json, os, sys
    before = set(sys.modules)
    sys.path.insert(0, {root!r})
    importlib.import_module("loopscope.protocol")
    for name in {modules!r}:
        importlib.import_module(name)
    new = sorted(set(sys.modules) - before)
    files = {{name: getattr(sys.modules[name], "__file__", None) for name in new}}
    print(json.dumps({{"new": new, "all": sorted(sys.modules), "files": files}}))
    """
)


def in_stdlib_dir(path: str | None) -> bool:
    if not path:
        return False
    stdlib = os.path.realpath(sysconfig.get_paths()["stdlib"]) + os.sep
    real = os.path.realpath(path)
    return real.startswith(stdlib) and "site-packages" not in real


def engine_modules() -> list[str]:
    names = sorted(p.stem for p in ENGINE_DIR.glob("*.py") if p.stem != "__init__")
    return ["loopscope.engine"] + [f"loopscope.engine.{name}" for name in names]


def probe() -> dict[str, object]:
    # -I: no PYTHONPATH, no user site; the site-packages of this venv stay importable, so an
    # accidental `import rich` would succeed and be caught below rather than fail to import.
    code = PROBE.format(root=str(ROOT), modules=engine_modules())
    proc = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_engine_has_the_expected_modules() -> None:
    # If a module is added, it is imported by the probe automatically; this only guards the glob.
    assert {"loopscope.engine.agent", "loopscope.engine.clock", "loopscope.engine.loop",
            "loopscope.engine.snapshot", "loopscope.engine.stepper"} <= set(engine_modules())


def test_engine_and_protocol_import_only_the_standard_library() -> None:
    result = probe()
    allowed_own = {"loopscope", "loopscope.protocol", *engine_modules()}
    files: dict[str, str | None] = result["files"]  # type: ignore[assignment]
    foreign = []
    for name in result["new"]:  # type: ignore[union-attr]
        if name in allowed_own:
            continue
        top = name.split(".")[0]
        # _sysconfigdata_<abi> is generated per platform and so not in stdlib_module_names.
        if top not in sys.stdlib_module_names and not in_stdlib_dir(files.get(name)):
            foreign.append(name)
    assert foreign == [], f"the engine imported non-stdlib modules: {foreign}"


def test_no_front_end_or_third_party_module_is_loaded() -> None:
    result = probe()
    loaded = result["all"]
    for banned in ("textual", "rich", "codetiming", "loopscope.session", "loopscope.trace",
                   "loopscope.cli", "loopscope.ui", "loopscope.narrate", "loopscope.recording"):
        assert not any(m == banned or m.startswith(banned + ".") for m in loaded), banned  # type: ignore[union-attr]


def test_nothing_new_comes_from_site_packages() -> None:
    result = probe()
    files: dict[str, str | None] = result["files"]  # type: ignore[assignment]
    from_packages = {name: path for name, path in files.items()
                     if path and ("site-packages" in path or "dist-packages" in path)}
    assert from_packages == {}
