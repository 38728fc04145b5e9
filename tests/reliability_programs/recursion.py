"""Infinite recursion inside a task: RecursionError, exit status 1."""

import asyncio


def down(n: int) -> int:
    return down(n + 1) + 1


async def main() -> None:
    print("recursing")
    await asyncio.sleep(0)
    down(0)


asyncio.run(main())
