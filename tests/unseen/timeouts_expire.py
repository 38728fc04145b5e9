"""Timeouts that expire: asyncio.timeout, timeout_at, reschedule, nested scopes, wait_for,
and a timeout that fires while cleanup in finally still awaits."""

import asyncio


async def slow(label: str, delay: float) -> str:
    try:
        await asyncio.sleep(delay)
        return label
    except asyncio.CancelledError:
        print(f"{label}: cancelled by the timeout")
        raise
    finally:
        print(f"{label}: finally")


async def main() -> None:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.05) as scope:
            await slow("plain", 1)
    except TimeoutError:
        print("timeout expired:", scope.expired())

    try:
        async with asyncio.timeout_at(loop.time() + 0.05):
            await slow("at", 1)
    except TimeoutError as exc:
        print("timeout_at expired:", type(exc.__cause__).__name__)

    async with asyncio.timeout(None) as scope:
        print("no deadline:", scope.when())
        scope.reschedule(loop.time() + 0.5)
        print("rescheduled:", scope.when() is not None)
        await asyncio.sleep(0.01)
    print("rescheduled scope expired:", scope.expired())

    try:
        async with asyncio.timeout(0.2):
            try:
                async with asyncio.timeout(0.05):
                    await slow("inner", 1)
            except TimeoutError:
                print("inner scope expired, outer still running")
            await slow("outer", 1)
    except TimeoutError:
        print("outer scope expired")

    try:
        print(await asyncio.wait_for(slow("wait_for", 1), timeout=0.05))
    except TimeoutError:
        print("wait_for expired")
    print(await asyncio.wait_for(slow("quick", 0.01), timeout=1))

    async def stubborn() -> None:
        try:
            await asyncio.sleep(1)
        finally:
            print("stubborn: cleaning up for a while")
            await asyncio.sleep(0.1)
            print("stubborn: cleaned up")

    try:
        await asyncio.wait_for(stubborn(), timeout=0.05)
    except TimeoutError:
        print("wait_for waited for the cleanup")

    try:
        async with asyncio.timeout(0):
            await asyncio.sleep(0)
    except TimeoutError:
        print("timeout(0) expires at the first await")


asyncio.run(main())
