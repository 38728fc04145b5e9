"""asyncio.timeout / timeout_at: expiry, reschedule, nesting, and a timeout that never fires."""

import asyncio


async def slow(name: str, delay: float) -> str:
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"{name}: cancelled by a timeout")
        raise
    return name


async def main() -> None:
    loop = asyncio.get_running_loop()

    try:
        async with asyncio.timeout(0.05) as cm:
            await slow("first", 1)
    except TimeoutError:
        print("first: TimeoutError, expired =", cm.expired())

    async with asyncio.timeout(0.5) as cm:
        print("second:", await slow("second", 0.01), "expired =", cm.expired())

    try:
        async with asyncio.timeout(None) as cm:
            print("third: deadline is", cm.when())
            cm.reschedule(loop.time() + 0.05)
            print("third: rescheduled, has deadline:", cm.when() is not None)
            await slow("third", 1)
    except TimeoutError:
        print("third: TimeoutError")

    try:
        async with asyncio.timeout_at(loop.time() + 0.3):
            try:
                async with asyncio.timeout(0.05):
                    await slow("inner", 1)
            except TimeoutError:
                print("inner timeout caught inside the outer one")
            await slow("outer", 1)
    except TimeoutError:
        print("outer: TimeoutError")

    try:
        async with asyncio.timeout(0.05):
            await slow("swallowed", 1)
    except TimeoutError as exc:
        print("cause is CancelledError:", isinstance(exc.__cause__, asyncio.CancelledError))


asyncio.run(main())
