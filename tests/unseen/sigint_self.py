"""SIGINT sent to itself while asyncio.run runs: the Runner cancels the main task, whose
cleanup runs, then KeyboardInterrupt propagates: traceback on stderr, death by SIGINT."""

import asyncio
import os
import signal


async def main() -> None:
    try:
        await asyncio.sleep(0.01)
        print("main: sending SIGINT to myself")
        os.kill(os.getpid(), signal.SIGINT)
        await asyncio.sleep(10)
        print("not reached")
    except asyncio.CancelledError:
        print("main: cancelled by the interrupt, cleaning up")
        raise
    finally:
        print("main: finally")


asyncio.run(main())
