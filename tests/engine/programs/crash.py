"""An exception nobody catches, two coroutines deep."""

import asyncio


async def inner() -> None:
    await asyncio.sleep(1)
    raise ValueError("the soup is cold")


async def outer() -> None:
    await inner()


async def main() -> None:
    await asyncio.create_task(outer(), name="Outer")


asyncio.run(main())
