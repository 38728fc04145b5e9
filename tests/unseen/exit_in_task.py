"""sys.exit(4) inside a created task (not the main one): SystemExit leaves the loop at once,
finally blocks run, atexit handlers run, the status is 4."""

import asyncio
import atexit
import sys

atexit.register(lambda: print("atexit handler"))


async def quitter() -> None:
    await asyncio.sleep(0.01)
    print("quitter: exiting with 4")
    sys.exit(4)


async def bystander() -> None:
    try:
        await asyncio.sleep(1)
    finally:
        print("bystander: finally")


async def main() -> None:
    try:
        await asyncio.gather(quitter(), bystander())
    finally:
        print("main: finally")


try:
    asyncio.run(main())
finally:
    print("module: finally")
