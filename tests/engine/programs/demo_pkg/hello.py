"""Run as `-m demo_pkg.hello`."""

import asyncio
import sys


async def greet() -> None:
    await asyncio.sleep(1)
    print("hello from", __name__, __spec__.name)
    print("argv:", sys.argv[1:])
    print("path0:", sys.path[0])


async def main() -> None:
    await asyncio.create_task(greet(), name="Greeter")


asyncio.run(main())
