"""asyncio.as_completed: results in completion order; a timeout for the stragglers."""

import asyncio


async def fetch(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return name


async def main() -> None:
    coros = [fetch("slow", 0.3), fetch("fast", 0.1), fetch("medium", 0.2)]
    for i, next_done in enumerate(asyncio.as_completed(coros)):
        print(f"#{i}:", await next_done)

    tasks = [asyncio.create_task(fetch(n, d)) for n, d in [("quick", 0.05), ("late", 1.0)]]
    try:
        for next_done in asyncio.as_completed(tasks, timeout=0.2):
            print("within timeout:", await next_done)
    except TimeoutError:
        print("as_completed timed out; late done?", tasks[1].done())
    tasks[1].cancel()
    await asyncio.gather(tasks[1], return_exceptions=True)

    async def boom() -> None:
        await asyncio.sleep(0.05)
        raise ValueError("boom")

    for next_done in asyncio.as_completed([boom(), fetch("ok", 0.1)]):
        try:
            print("got", await next_done)
        except ValueError as exc:
            print("error", exc)


asyncio.run(main())
