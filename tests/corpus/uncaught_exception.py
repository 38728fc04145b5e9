"""An uncaught exception from a coroutine: traceback on stderr, exit code 1."""

import asyncio


async def inner() -> None:
    await asyncio.sleep(0.01)
    print("inner: about to raise")
    raise RuntimeError("something broke in inner()")


async def main() -> None:
    print("main: awaiting inner")
    await inner()
    print("main: never printed")


asyncio.run(main())
print("module: never printed")
