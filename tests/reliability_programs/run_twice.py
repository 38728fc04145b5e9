"""asyncio.run twice in a row, the second one failing."""

import asyncio


async def main(n: int) -> int:
    await asyncio.sleep(0.1)
    print("run", n)
    if n == 2:
        raise ValueError("second run fails")
    return n


print("first returned", asyncio.run(main(1)))
asyncio.run(main(2))
