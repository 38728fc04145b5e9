"""A task whose exception is never retrieved: asyncio logs it on stderr when the task dies.

stdout is unaffected and the exit code stays 0.
"""

import asyncio
import gc


async def fails() -> None:
    await asyncio.sleep(0.01)
    print("fails: raising")
    raise ValueError("nobody will look at me")


async def main() -> None:
    task = asyncio.create_task(fails())
    await asyncio.sleep(0.05)
    print("main: the task is done:", task.done())
    del task
    gc.collect()  # the task is freed here and its exception gets logged on stderr
    print("main: after gc")
    await asyncio.sleep(0.01)
    print("main: done")


asyncio.run(main())
print("exit normally")
