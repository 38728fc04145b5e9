"""Sleep sort: each task sleeps in proportion to its value, so they finish in sorted order."""

import asyncio


async def main() -> None:
    values = [7, 2, 9, 4, 1, 8, 3]
    out: list = []

    async def sleeper(v: int) -> None:
        await asyncio.sleep(v * 0.03)
        print("woke", v)
        out.append(v)

    await asyncio.gather(*(sleeper(v) for v in values))
    print("sorted:", out)


asyncio.run(main())
