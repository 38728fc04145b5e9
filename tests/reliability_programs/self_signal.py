"""The program kills itself with SIGTERM from inside a task: exit status 143."""

import asyncio
import os
import signal


async def main() -> None:
    print("about to die", flush=True)
    await asyncio.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.sleep(10)
    print("never printed")


asyncio.run(main())
