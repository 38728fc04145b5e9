"""asyncio.run called twice in a row: each call makes a fresh loop and closes it."""

import asyncio

loops: list = []


async def main(n: int) -> int:
    loop = asyncio.get_running_loop()
    loops.append(loop)
    await asyncio.sleep(0.01)
    print(f"run {n}: loop seen before? {any(seen is loop for seen in loops[:-1])}")
    return n * 10


print("first:", asyncio.run(main(1)))
print("first loop closed:", loops[0].is_closed())
print("second:", asyncio.run(main(2)))
print("second loop closed:", loops[1].is_closed())
try:
    asyncio.get_running_loop()
except RuntimeError:
    print("no running loop between runs")
