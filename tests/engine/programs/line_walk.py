"""Two tasks; line stepping Walker shows every line it runs up to its next real await."""

import asyncio


def helper(total: int) -> int:
    doubled = total * 2
    return doubled


async def inner(value: int) -> int:
    await asyncio.sleep(0)
    return value + 1


async def walker() -> None:
    total = 0
    for i in range(2):
        total += i
    total = helper(total)
    total = await inner(total)
    await asyncio.sleep(1)
    print("walker", total)


async def other() -> None:
    print("other ran")
    await asyncio.sleep(2)


async def main() -> None:
    await asyncio.gather(asyncio.create_task(other(), name="Other"),
                         asyncio.create_task(walker(), name="Walker"))


asyncio.run(main())
