"""A visitor's processes, which die with the server whatever kills it.

textual-serve starts each session's command with ``sh -c`` as a plain child: when the server is
killed (``kill -9``, a crash, the OOM killer), nothing tells the shell, the UI or its debuggee,
and they run on, each holding a script's worth of memory. Two things fix it, both set up in
the child between fork and exec (``AppService._open_app_process`` is the one place textual-serve
starts a process, and the only method overridden here):

* the command runs without a shell, in a process group of its own (``process_group=0``), so that
  a UI that does not quit when asked can be killed with everything it started in its group;
* on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the UI when the server dies,
  however it dies. Its debuggee runs in a session of its own (``session.Debuggee``) and is not
  in the group, but it ends on its own when its command pipe closes, which the UI's death does.

The parent's pid is checked after the ``prctl``: a server that died between the fork and that
call would otherwise leave the child orphaned with nobody to signal it. Elsewhere than Linux
there is no such call; the group is still killed on every orderly shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import shlex
import signal
import sys
from asyncio.subprocess import Process
from collections.abc import Callable

from textual_serve.app_service import AppService

PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


def die_with(parent: int) -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child die (SIGKILL) when ``parent`` does, or None where
    the kernel offers no such thing. Looked up before the fork: the child only calls it."""
    prctl = _prctl()
    if prctl is None:
        return None

    def preexec() -> None:
        prctl(ctypes.c_ulong(PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL),
              ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
        if os.getppid() != parent:
            os._exit(1)  # the server is already gone

    return preexec


class VisitorProcess(AppService):
    """textual-serve's ``AppService``, starting its command as described above."""

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height), process_group=0,
            preexec_fn=die_with(os.getpid()))
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    def kill(self) -> None:
        """SIGKILL the command's process group, if it is still there."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)


__all__ = ["VisitorProcess", "die_with"]
