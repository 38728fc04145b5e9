"""asyncio.wait with FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and a timeout."""

import asyncio


async def job(name: str, delay: float, fail: bool = False) -> str:
    await asyncio.sleep(delay)
    print(f"{name} finished{' with an error' if fail else ''}")
    if fail:
        raise RuntimeError(name)
    return name


def names(tasks: set) -> list:
    return sorted(t.get_name() for t in tasks)


async def main() -> None:
    tasks = {
        asyncio.create_task(job("a", 0.1), name="a"),
        asyncio.create_task(job("b", 0.05), name="b"),
        asyncio.create_task(job("c", 0.2), name="c"),
    }
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("FIRST_COMPLETED done:", names(done), "pending:", names(pending))
    done, pending = await asyncio.wait(pending, timeout=0.1)
    print("timeout done:", names(done), "pending:", names(pending))
    done, pending = await asyncio.wait(pending)
    print("ALL_COMPLETED done:", names(done), "pending:", names(pending))

    tasks = {
        asyncio.create_task(job("x", 0.05, fail=True), name="x"),
        asyncio.create_task(job("y", 0.02), name="y"),
        asyncio.create_task(job("z", 0.3), name="z"),
    }
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION done:", names(done), "pending:", names(pending))
    for t in sorted(done, key=lambda t: t.get_name()):
        print(" ", t.get_name(), "->", repr(t.exception()) if t.exception() else t.result())
    for t in pending:
        t.cancel()
    await asyncio.wait(pending)
    print("cancelled:", [t.cancelled() for t in pending])


asyncio.run(main())
