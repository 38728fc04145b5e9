"""Subprocesses with pipes: communicate() with input, stderr captured, exit codes, a child that
is killed, one read line by line while it prints, and wait() with a timeout."""

import asyncio
import signal
import sys

CHILD_ECHO = "import sys; data = sys.stdin.read(); print(data.upper(), end=''); " \
             "print('to stderr', file=sys.stderr); sys.exit(3)"
CHILD_LINES = "import time\nfor i in range(4):\n    print('line', i, flush=True)\n    time.sleep(0.02)\n"
CHILD_SLEEPS = "import time; print('sleeping', flush=True); time.sleep(30)"


async def main() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD_ECHO,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate(b"some input\nfor the child\n")
    print("echo child:", out, err, proc.returncode)

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD_LINES, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    async for line in proc.stdout:
        print("streamed:", line.decode().rstrip())
    print("lines child exit:", await proc.wait())

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD_SLEEPS, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    print("sleeper says:", (await proc.stdout.readline()).decode().rstrip())
    try:
        await asyncio.wait_for(proc.wait(), timeout=0.2)
    except TimeoutError:
        print("sleeper still running after the timeout; returncode", proc.returncode)
    proc.send_signal(signal.SIGKILL)
    code = await proc.wait()
    print("sleeper killed:", code == -signal.SIGKILL)

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "raise SystemExit(0)", stdout=asyncio.subprocess.DEVNULL)
    print("quiet child:", await proc.wait())


asyncio.run(main())
