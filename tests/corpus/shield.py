"""asyncio.shield: the outer await is cancelled, the shielded inner task runs to completion."""

import asyncio


async def important(name: str) -> str:
    print(f"{name}: started")
    await asyncio.sleep(0.1)
    print(f"{name}: finished despite the cancellation")
    return f"{name} saved"


async def waiter(inner: asyncio.Task) -> None:
    try:
        await asyncio.shield(inner)
    except asyncio.CancelledError:
        print("waiter: cancelled, but the shielded task goes on")
        raise


async def main() -> None:
    inner = asyncio.create_task(important("payment"))
    w = asyncio.create_task(waiter(inner))
    await asyncio.sleep(0.02)
    w.cancel()
    await asyncio.gather(w, return_exceptions=True)
    print("waiter cancelled:", w.cancelled(), "| inner done:", inner.done())
    print("inner result:", await inner)

    # shield + wait_for: the timeout fires, the work continues in the background.
    work = asyncio.create_task(important("report"))
    try:
        await asyncio.wait_for(asyncio.shield(work), timeout=0.03)
    except TimeoutError:
        print("timed out waiting for the report; still running:", not work.done())
    print("report result:", await work)

    # Cancelling the inner task itself does propagate through the shield.
    inner = asyncio.create_task(important("cancelled inner"))
    shielded = asyncio.shield(inner)
    await asyncio.sleep(0.01)
    inner.cancel()
    try:
        await shielded
    except asyncio.CancelledError:
        print("inner cancelled directly: the shield future is cancelled too")


asyncio.run(main())
