"""asyncio.create_subprocess_shell, exit codes, and killing a child that would run too long."""

import asyncio
import signal
import sys


async def main() -> None:
    proc = await asyncio.create_subprocess_shell(
        "echo from the shell; echo second line; exit 4",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await proc.communicate()
    print("shell said:", out.decode().split("\n")[:2], "exit code:", proc.returncode)

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; print('started', flush=True); time.sleep(30)",
        stdout=asyncio.subprocess.PIPE,
    )
    print("child:", (await proc.stdout.readline()).decode().strip())
    proc.kill()
    code = await proc.wait()
    print("killed child exit code is -SIGKILL:", code == -signal.SIGKILL)

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(30)",
    )
    try:
        await asyncio.wait_for(proc.wait(), timeout=0.2)
    except TimeoutError:
        print("child still running after the timeout; terminating it")
        proc.terminate()
        print("terminated child exit code is -SIGTERM:", await proc.wait() == -signal.SIGTERM)


asyncio.run(main())
