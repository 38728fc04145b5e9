"""shield(): the outer await is cancelled, the inner work goes on; uncancel() lets a
structured timeout tell its own cancellation from one from outside."""

import asyncio


async def important(results: list) -> str:
    await asyncio.sleep(0.5)
    results.append("important finished")
    return "saved"


async def main() -> None:
    results: list = []
    inner = asyncio.create_task(important(results))

    async def waiter() -> str:
        return await asyncio.shield(inner)

    outer = asyncio.create_task(waiter())
    await asyncio.sleep(0.01)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled; inner done?", inner.done())
    print("inner result:", await inner, results)

    failing = asyncio.create_task(asyncio.sleep(0.01, result="shielded value"))
    print("shield of a finished task:", await asyncio.shield(failing))

    async def layered() -> None:
        task = asyncio.current_task()
        try:
            async with asyncio.timeout(0.02):
                await asyncio.sleep(1)
        except TimeoutError:
            print("layered: own timeout, cancelling() =", task.cancelling())
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("layered: cancelled from outside, cancelling() =", task.cancelling())
            raise

    task = asyncio.create_task(layered())
    await asyncio.sleep(0.5)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("layered task cancelled:", task.cancelled())

    async def fails_inside() -> None:
        await asyncio.sleep(0.01)
        raise KeyError("inside shield")

    try:
        await asyncio.shield(fails_inside())
    except KeyError as exc:
        print("shield passes the exception through:", exc)


asyncio.run(main())
