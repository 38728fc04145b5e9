"""asyncio.wait in its three modes, with a timeout, and as_completed with a timeout."""

import asyncio


async def job(name: str, delay: float, fail: bool = False) -> str:
    await asyncio.sleep(delay)
    if fail:
        raise RuntimeError(f"{name} failed")
    return name


def names(tasks: set) -> list:
    return sorted(t.get_name() for t in tasks)


async def main() -> None:
    tasks = {asyncio.create_task(job(n, d), name=n) for n, d in [("a", 0.6), ("b", 0.01), ("c", 0.5)]}
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first completed:", names(done), "pending:", names(pending))
    done, pending = await asyncio.wait(pending)
    print("then:", names(done), names(pending))

    tasks = {asyncio.create_task(job(n, d, f), name=n)
             for n, d, f in [("ok", 0.01, False), ("bad", 0.02, True), ("late", 0.5, False)]}
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("first exception:", names(done), "pending:", names(pending))
    for task in sorted(done, key=lambda t: t.get_name()):
        print(" ", task.get_name(), repr(task.exception()))
    for task in pending:
        task.cancel()
    await asyncio.wait(pending)
    print("cancelled:", [t.cancelled() for t in pending])

    tasks = {asyncio.create_task(job(n, d), name=n) for n, d in [("x", 0.01), ("y", 1)]}
    done, pending = await asyncio.wait(tasks, timeout=0.1)
    print("with timeout:", names(done), "pending:", names(pending))
    for task in pending:
        task.cancel()

    order = []
    try:
        for next_done in asyncio.as_completed([job("p", 0.02), job("q", 0.01), job("r", 5)],
                                              timeout=0.1):
            order.append(await next_done)
    except TimeoutError:
        print("as_completed timed out after", order)
    await asyncio.sleep(0)

    try:
        await asyncio.wait([])
    except ValueError as exc:
        print("wait on nothing:", exc)


asyncio.run(main())
