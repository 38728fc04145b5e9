"""Three tasks that end three ways, all kept referenced to the end (a module-level list), so
the final snapshot after ``c`` describes each of them whatever the collector does."""

import asyncio

KEPT = []


async def fetch(n):
    await asyncio.sleep(n)
    if n == 2:
        raise ValueError(f"record {n} is bad")
    return n * 10


async def main():
    KEPT.append(asyncio.current_task())
    tasks = [asyncio.create_task(fetch(n), name=f"fetch-{n}") for n in (1, 2, 3)]
    KEPT.extend(tasks)
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print("results:", results)
    return len(results)


asyncio.run(main())
