"""A task raises and nobody awaits it: only ``--break-exceptions`` stops there."""

import asyncio


async def fetch(n: int) -> int:
    await asyncio.sleep(0.5)
    if n == 1:
        raise ValueError(f"bad record {n}")
    return n


async def main() -> None:
    for n in range(3):
        asyncio.create_task(fetch(n), name=f"fetch-{n}")
    await asyncio.sleep(1)
    print("main done")


asyncio.run(main())
