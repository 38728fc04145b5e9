"""Start-up of ``loopscope samples/waiter.py`` to the first painted paused screen (issue 6, item 4).

``python -m benchmarks.startup [ROUNDS]`` prints two figures:

* the wall-clock median over ROUNDS starts in a pty (``benchmarks.screen.measure_startup``), and
* the instructions the front end executes from ``exec`` to that first frame, counted by
  callgrind (when valgrind is installed): a figure the load of these shared machines can't move,
  so two versions are compared by it. The debuggee is not counted; it starts first and runs in
  parallel on the other core (about 0.3 G instructions to its first pause).

Both run with compiled bytecode, as an installed loopscope does: the environment of these
machines sets ``PYTHONDONTWRITEBYTECODE``, which makes every start compile each of loopscope's
modules again (another 0.33 G instructions, about 0.1 s), so ``BYTECODE`` gives the children a
private bytecode cache, filled by an uncounted first start.

``python -m benchmarks.startup child`` is the counted process: ``loopscope samples/waiter.py``
that exits as soon as the first frame showing a pause has been written to the terminal.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
_COLLECTED = re.compile(r"^==\d+== Collected : (\d+)$", re.MULTILINE)


def bytecode_env(cache: str) -> dict[str, str]:
    """The environment of a start with compiled bytecode kept in ``cache``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm-256color", COLUMNS="160",
               LINES="40", PYTHONPYCACHEPREFIX=cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child() -> None:
    from loopscope.cli import main
    from loopscope.ui import app as ui_app

    run_in_terminal = ui_app.run_in_terminal

    def first_frame_exits(app: Any) -> Any:
        cls = type(app)
        display = cls._display

        def _display(self: Any, screen: Any, renderable: Any) -> None:
            display(self, screen, renderable)
            if renderable is not None and self.run_state.pauses >= 1:
                self.source.stop()
                os._exit(0)

        cls._display = _display
        return run_in_terminal(app)

    ui_app.run_in_terminal = first_frame_exits
    sys.argv = ["loopscope", "samples/waiter.py"]
    main()


def instructions(cache: str) -> int:
    """Instructions of the front end (callgrind), from ``exec`` to the first paused frame."""
    import pexpect

    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "callgrind.log")
        child = pexpect.spawn("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null",
                                           f"--log-file={log}", sys.executable, "-m",
                                           "benchmarks.startup", "child"],
                              cwd=str(ROOT), dimensions=(40, 160), env=bytecode_env(cache),
                              timeout=600)
        child.expect(pexpect.EOF)
        child.close()
        counts = _COLLECTED.findall(Path(log).read_text())
    if not counts:
        raise RuntimeError("benchmarks.startup: valgrind reported no instruction count")
    return int(counts[0])


def main(rounds: int) -> dict[str, Any]:
    from .screen import measure_startup

    with tempfile.TemporaryDirectory() as cache:
        measure_startup(1, cache=cache)  # fills the bytecode cache; not counted
        result: dict[str, Any] = {"wall": measure_startup(rounds, cache=cache)}
        if shutil.which("valgrind") is not None:
            result["instructions"] = instructions(cache)
    try:
        result["load_average"] = os.getloadavg()
    except OSError:  # pragma: no cover - no load average on this system
        pass
    return result


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        _child()
    else:
        print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
