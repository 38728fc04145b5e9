"""N tasks (argv[1], default 10,000) sleeping on timers: each step moves one of them."""

import asyncio
import sys

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


async def sleeper(n):
    while True:
        await asyncio.sleep(1 + n % 7)


async def main():
    tasks = [asyncio.create_task(sleeper(n), name=f"S{n}") for n in range(COUNT)]
    await asyncio.sleep(0.5)  # every sleeper asleep: a breakpoint on this line's next step
    await asyncio.gather(*tasks)


asyncio.run(main())
