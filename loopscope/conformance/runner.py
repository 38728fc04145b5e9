"""How the two runs are made: the bootstrap that puts ``SteppingEventLoop`` in every process,
the target interpreter's probe, and libregrtest started and stopped.

Kept apart from the comparison (``results.py``): this half knows about processes, environments
and CPython's test runner; that half only reads what they left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

#: The loopscope package (this module sits one level below it).
from .results import RunResult, parse_junit, parse_log

PACKAGE_DIR = Path(__file__).resolve().parent.parent

#: The test files of ``--quick``: the loop itself, the task machinery and the synchronisation
#: primitives. ``test_eager_task_factory`` exists on 3.12+ only and is left out where absent.
QUICK_MODULES = (
    "test_base_events",
    "test_events",
    "test_tasks",
    "test_runners",
    "test_queues",
    "test_locks",
    "test_eager_task_factory",
)

MODES = ("stock", "stepping")

ENV_MODE = "LOOPSCOPE_CONFORMANCE_MODE"
ENV_REPORTS = "LOOPSCOPE_CONFORMANCE_REPORTS"


#: The bootstrap, written as ``sitecustomize.py`` into the directory put on ``PYTHONPATH``.
#: It must not leave names behind in its module (tests may look at ``sitecustomize``), must never
#: raise (an exception would only print a warning at startup and test the stock loop), and keeps
#: its cost per loop to one dictionary update.
BOOTSTRAP = textwrap.dedent(
    '''\
    """loopscope conformance bootstrap (written by loopscope.conformance; safe to delete)."""


    def _loopscope_conformance():
        import os
        import sys

        mode = os.environ.get("LOOPSCOPE_CONFORMANCE_MODE")
        reports = os.environ.get("LOOPSCOPE_CONFORMANCE_REPORTS")
        if mode not in ("stock", "stepping"):
            return
        import atexit
        import json

        from asyncio import base_events

        error = None
        if mode == "stepping":
            try:
                from loopscope.engine.loop import install_factories

                install_factories()
            except BaseException as exc:  # reported, never raised: the harness fails the run
                error = "%s: %s" % (type(exc).__name__, exc)

        counts = {}  # class name -> loops made
        kinds = {"stepping": 0, "stock selector": 0, "other": 0}
        escaped = []
        stock_init = base_events.BaseEventLoop.__init__

        def __init__(self, *args, **kwargs):
            cls = type(self)
            key = cls.__module__ + "." + cls.__qualname__
            counts[key] = counts.get(key, 0) + 1
            names = [c.__module__ + "." + c.__qualname__ for c in cls.__mro__]
            if "loopscope.engine.loop.SteppingEventLoop" in names:
                kinds["stepping"] += 1
            elif "asyncio.unix_events._UnixSelectorEventLoop" in names:
                kinds["stock selector"] += 1
                if mode == "stepping" and len(escaped) < 20:
                    # A stock selector loop under the stepping run: say who made it.
                    frame = sys._getframe(1)
                    where = []
                    while frame is not None and len(where) < 4:
                        code = frame.f_code
                        if "test_asyncio" in code.co_filename:
                            where.append("%s:%d %s" % (
                                os.path.basename(code.co_filename), frame.f_lineno,
                                code.co_name))
                        frame = frame.f_back
                    escaped.append({"class": key, "where": where})
            else:
                kinds["other"] += 1
            stock_init(self, *args, **kwargs)

        __init__.__wrapped__ = stock_init
        __init__.__qualname__ = stock_init.__qualname__
        __init__.__doc__ = stock_init.__doc__
        base_events.BaseEventLoop.__init__ = __init__

        def write_report():
            if not reports:
                return
            factories = {}
            try:
                import asyncio
                from asyncio import events, unix_events

                def name(obj):
                    return getattr(obj, "__module__", "?") + "." + getattr(
                        obj, "__qualname__", "?")

                factories = {
                    "asyncio.new_event_loop": name(asyncio.new_event_loop),
                    "asyncio.events.new_event_loop": name(events.new_event_loop),
                    "asyncio.SelectorEventLoop": name(asyncio.SelectorEventLoop),
                    "unix_events.SelectorEventLoop": name(unix_events.SelectorEventLoop),
                    "default policy _loop_factory": name(
                        getattr(unix_events._UnixDefaultEventLoopPolicy, "_loop_factory", None)),
                }
            except BaseException as exc:
                factories = {"error": repr(exc)}
            data = {
                "pid": os.getpid(),
                "mode": mode,
                "python": sys.version.split()[0],
                "argv": sys.argv[:4],
                "error": error,
                "loops": counts,
                "kinds": kinds,
                "escaped": escaped,
                "factories": factories,
            }
            try:
                path = os.path.join(reports, "%d.json" % os.getpid())
                with open(path, "w", encoding="utf-8") as fh:
                    json.dump(data, fh)
            except BaseException:
                pass

        atexit.register(write_report)


    def _loopscope_chain():
        # Run the interpreter's own sitecustomize too, if it has one: this one shadows it.
        import importlib.machinery
        import importlib.util
        import os
        import sys

        here = os.path.dirname(os.path.abspath(__file__))
        path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
        spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
        if spec is None or spec.loader is None:
            return
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


    _loopscope_conformance()
    _loopscope_chain()
    del _loopscope_conformance, _loopscope_chain
    '''
)

# -- the target interpreter ---------------------------------------------------------------------

PROBE = textwrap.dedent(
    """\
    import json, pkgutil, platform, sys
    info = {"version": sys.version.split()[0], "implementation": platform.python_implementation(),
            "version_info": list(sys.version_info[:3]), "modules": None}
    try:
        import test.test_asyncio as suite
        import test.libregrtest
        info["modules"] = sorted(m.name for m in pkgutil.iter_modules(suite.__path__))
    except Exception as exc:
        info["missing"] = repr(exc)
    print(json.dumps(info))
    """
)


@dataclass
class Target:
    python: str
    version: str
    version_info: tuple[int, ...]
    implementation: str
    modules: list[str] | None
    missing: str = ""


def probe(python: str) -> Target:
    proc = subprocess.run([python, "-c", PROBE], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise SystemExit(f"conformance: cannot run {python}: {proc.stderr.strip()}")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return Target(python=python, version=info["version"],
                  version_info=tuple(info["version_info"]),
                  implementation=info["implementation"], modules=info["modules"],
                  missing=info.get("missing", ""))


def selected_tests(target: Target, quick: bool, tests: list[str] | None) -> list[str]:
    """The libregrtest arguments naming what to run."""
    if tests:
        return [t if t.startswith("test_asyncio") else f"test_asyncio.{t}" for t in tests]
    if not quick:
        return ["test_asyncio"]
    available = set(target.modules or ())
    return [f"test_asyncio.{m}" for m in QUICK_MODULES if m in available]


# -- running libregrtest ----------------------------------------------------------------------


def write_bootstrap(workdir: Path) -> Path:
    """The directory to put first on PYTHONPATH: sitecustomize.py and a loopscope symlink."""
    boot = workdir / "bootstrap"
    boot.mkdir(parents=True, exist_ok=True)
    (boot / "sitecustomize.py").write_text(BOOTSTRAP, encoding="utf-8")
    link = boot / "loopscope"
    if not link.exists():
        try:
            link.symlink_to(PACKAGE_DIR, target_is_directory=True)
        except OSError:  # no symlinks here: copy the (small, stdlib-only) engine instead
            shutil.copytree(PACKAGE_DIR, link, ignore=shutil.ignore_patterns("__pycache__", "ui"))
    return boot


def subprocess_env(boot: Path, mode: str, reports: Path) -> dict[str, str]:
    env = dict(os.environ)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(boot) + (os.pathsep + old if old else "")
    env[ENV_MODE] = mode
    env[ENV_REPORTS] = str(reports)
    for name in ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE"):
        env.pop(name, None)  # both runs alike, and like a plain checkout
    return env


def run_suite(target: Target, mode: str, tests: list[str], workdir: Path, *, jobs: int,
              timeout: float, verbose: bool, label: str = "") -> RunResult:
    """Run libregrtest on ``tests`` in ``mode``; its files are named ``{mode}{label}.*``."""
    name = mode + label
    boot = write_bootstrap(workdir)
    reports = workdir / f"reports-{name}"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    xml = workdir / f"{name}.xml"
    log = workdir / f"{name}.log"
    cmd = [target.python, "-m", "test", *tests, "--junit-xml", str(xml)]
    if jobs != 1:
        cmd += ["-j", str(jobs)]
    if timeout > 0:
        cmd += ["--timeout", str(int(timeout))]
    env = subprocess_env(boot, mode, reports)
    cwd = workdir / f"cwd-{name}"
    cwd.mkdir(exist_ok=True)
    started = time.monotonic()
    with open(log, "w", encoding="utf-8", errors="replace") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                                errors="replace")
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                out.write(line)
                if verbose:
                    sys.stdout.write(f"[{name}] {line}")
                    sys.stdout.flush()
            returncode = proc.wait()
        except BaseException:
            stop(proc)
            raise
    wall = time.monotonic() - started
    result = RunResult(mode=mode, returncode=returncode, wall=wall, log_path=log)
    parse_junit(xml, result)
    parse_log(log.read_text(encoding="utf-8", errors="replace"), result)
    for path in sorted(reports.glob("*.json")):
        try:
            result.reports.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    return result


def stop(proc: subprocess.Popen[str]) -> None:
    """Stop libregrtest and its workers (the harness was interrupted or terminated).

    SIGINT, not SIGTERM: libregrtest's main process answers KeyboardInterrupt by killing its
    workers, which run in process groups of their own; terminated, it would leave them behind."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


