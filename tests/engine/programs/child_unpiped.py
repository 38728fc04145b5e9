"""A child process without pipes: only the child watcher knows it."""

import asyncio
import sys


async def main() -> None:
    # The child lives until the test kills the debuggee's process group.
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(60)")
    await asyncio.create_task(proc.wait(), name="reaper")


asyncio.run(main())
