"""``python -m asyncio ps PID`` and ``pstree PID`` (CPython 3.14+) see a program run by loopscope
as they see it run plainly.

Those tools read the target interpreter's memory: the tasks linked in each thread's task list,
each one's coroutine chain and who awaits it. The engine's loop subclasses the stock loop and
keeps asyncio's own ``Task`` (the C task, linked in that list), so nothing of this is hidden
from them. They need ptrace permission over the debuggee, a grandchild of the test (pytest,
``loopscope trace``, the program): root, or Yama's ``ptrace_scope`` 0.
"""

from __future__ import annotations

import asyncio
import os
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ._support import PROGRAMS, env

PROGRAM = PROGRAMS / "asyncio_ps.py"


def _may_trace() -> bool:
    if os.geteuid() == 0:
        return True
    try:
        return Path("/proc/sys/kernel/yama/ptrace_scope").read_text().strip() == "0"
    except OSError:
        return sys.platform == "linux"


pytestmark = [
    pytest.mark.skipif(sys.version_info < (3, 14),
                       reason="python -m asyncio ps/pstree exist since CPython 3.14"),
    pytest.mark.skipif(sys.platform != "linux" or not _may_trace(),
                       reason="reading another process's memory needs ptrace permission"),
]


def _inspect(command: list[str]) -> tuple[str, str]:
    """Run ``command`` (the program, plainly or under loopscope), and once every task of it is
    suspended, ``asyncio ps`` and ``asyncio pstree`` on it; then SIGUSR1 ends it."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env())
    try:
        assert proc.stdout is not None
        readable, _, _ = select.select([proc.stdout], [], [], 30)
        assert readable, "the program did not print its pid"
        pid = int(proc.stdout.readline())
        ps, pstree = (subprocess.run([sys.executable, "-m", "asyncio", tool, str(pid)],
                                     capture_output=True, text=True, timeout=30)
                      for tool in ("ps", "pstree"))
        assert (ps.returncode, ps.stderr) == (0, ""), ps.stderr
        assert (pstree.returncode, pstree.stderr) == (0, ""), pstree.stderr
        os.kill(pid, signal.SIGUSR1)
        out, err = proc.communicate(timeout=30)
        assert (proc.returncode, out) == (0, "stopped\n"), err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return _table(ps.stdout, pid), pstree.stdout


def _table(text: str, pid: int) -> str:
    """The ps table with each task id (an address) replaced by its task's name, the thread id
    of the main thread (the pid) by ``main``, and the trailing blanks gone."""
    header, rule, *rows = text.splitlines()
    assert header.split()[:3] == ["tid", "task", "id"] and set(rule) == {"-"}
    # The columns: tid 10, task id 20, name 20, coroutine stack 50, awaiter chain 50,
    # awaiter name 15, awaiter id 15, one blank between each.
    edges = [0, 11, 32, 53, 104, 155, 171, None]
    cells = [[row[a:b].strip() for a, b in zip(edges, edges[1:], strict=False)] for row in rows]
    names = {c[1]: c[2] for c in cells} | {"0x0": "-"}
    out = []
    for tid, task_id, name, stack, chain, awaiter, awaiter_id in sorted(cells, key=lambda c: c[2]):
        assert names[task_id] == name and names[awaiter_id] == (awaiter or "-")
        out.append(f"{'main' if tid == str(pid) else tid} | {name} | {stack} | {chain} | "
                   f"{awaiter or '-'}")
    return re.sub(r"\bTask-\d+\b", "Task-#", "\n".join(out) + "\n")


@pytest.mark.parametrize("clock", ["real", "virtual"])
def test_asyncio_ps_and_pstree_read_the_tasks_of_a_traced_program(clock: str) -> None:
    plain_table, plain_tree = _inspect([sys.executable, str(PROGRAM)])
    table, tree = _inspect([sys.executable, "-m", "loopscope", "trace", "--clock", clock,
                            str(PROGRAM)])
    assert table == plain_table == (
        "main | Task-# | main |  | -\n"
        "main | alpha | Event.wait -> sleeper | waiter | beta\n"
        "main | beta | waiter | main | Task-#\n"
        "main | gamma | Event.wait -> sleeper | main | Task-#\n")
    assert tree == plain_tree
    main, waiter, sleeper = (_line(text) for text in (
        "await asyncio.gather(", "    await task", "await stop.wait()"))
    shown = re.sub(r"locks\.py:\d+", "locks.py:N",
                   tree.replace(os.path.dirname(asyncio.__file__), "<asyncio>"))
    assert re.sub(r"\bTask-\d+\b", "Task-#", shown).replace(str(PROGRAM), "P") == (
        "└── (T) Task-#\n"
        f"    └──  main P:{main}\n"
        "        ├── (T) beta\n"
        f"        │   └──  waiter P:{waiter}\n"
        "        │       └── (T) alpha\n"
        f"        │           └──  sleeper P:{sleeper}\n"
        "        │               └──  Event.wait <asyncio>/locks.py:N\n"
        "        └── (T) gamma\n"
        f"            └──  sleeper P:{sleeper}\n"
        "                └──  Event.wait <asyncio>/locks.py:N\n")


def _line(text: str) -> int:
    """The number of the program's one line holding ``text``."""
    (number,) = [n for n, line in enumerate(PROGRAM.read_text().splitlines(), start=1)
                 if text in line]
    return number
