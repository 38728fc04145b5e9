"""sys.exit(7) from inside a coroutine: SystemExit leaves asyncio.run, the exit code is 7."""

import asyncio
import sys


async def helper() -> None:
    try:
        await asyncio.sleep(10)
    finally:
        print("helper: cleaned up (cancelled by asyncio.run on the way out)")


async def main() -> None:
    asyncio.create_task(helper())
    await asyncio.sleep(0.01)
    print("main: calling sys.exit(7)")
    try:
        sys.exit(7)
    finally:
        print("main: finally runs before the exit")


try:
    asyncio.run(main())
finally:
    print("module: asyncio.run left with SystemExit")
