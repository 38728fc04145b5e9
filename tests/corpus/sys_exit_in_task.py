"""SystemExit raised inside a *task* (not the main coroutine) propagates out of the loop."""

import asyncio
import sys


async def quitter() -> None:
    await asyncio.sleep(0.01)
    print("quitter: sys.exit(5)")
    sys.exit(5)


async def main() -> None:
    asyncio.create_task(quitter())
    try:
        await asyncio.sleep(1)
    finally:
        print("main: unwound")
    print("main: never reached")


try:
    asyncio.run(main())
except SystemExit as exc:
    print("module: caught SystemExit with code", exc.code)
    raise
