"""Cancelling a gather cancels its children; a child's failure with return_exceptions=False
leaves the others running; a gather of already-done futures."""

import asyncio


async def child(name: str, delay: float, log: list) -> str:
    try:
        await asyncio.sleep(delay)
        log.append(f"{name} finished")
        return name
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise


async def boom(delay: float) -> None:
    await asyncio.sleep(delay)
    raise ValueError("boom")


async def main() -> None:
    log: list = []
    group = asyncio.gather(child("a", 1, log), child("b", 1, log))
    await asyncio.sleep(0.01)
    group.cancel()
    try:
        await group
    except asyncio.CancelledError:
        print("gather cancelled:", sorted(log))

    log.clear()
    survivor = asyncio.ensure_future(child("survivor", 0.5, log))
    try:
        await asyncio.gather(boom(0.01), survivor)
    except ValueError:
        print("gather raised at once, survivor done?", survivor.done())
    await survivor
    print(log)

    loop = asyncio.get_running_loop()
    done = [loop.create_future() for _ in range(2)]
    done[0].set_result("x")
    done[1].set_exception(KeyError("y"))
    print(await asyncio.gather(*done, return_exceptions=True))


asyncio.run(main())
