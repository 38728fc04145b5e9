"""Two tasks sleep 2 and 1 virtual seconds; main gathers them (a small, fixed run)."""

import asyncio


async def sleeper(name, delay):
    print(f"{name} sleeps {delay}")
    await asyncio.sleep(delay)
    print(f"{name} woke")
    return delay


async def main():
    results = await asyncio.gather(
        asyncio.create_task(sleeper("A", 2), name="A"),
        asyncio.create_task(sleeper("B", 1), name="B"),
    )
    print("results", results)


asyncio.run(main())
