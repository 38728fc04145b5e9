"""asyncio.gather(..., return_exceptions=True): errors and cancellations become results."""

import asyncio


async def ok(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    print(f"{name} ok")
    return name


async def boom(delay: float) -> str:
    await asyncio.sleep(delay)
    print("boom raises")
    raise ValueError("boom")


async def sleeper() -> str:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("sleeper cancelled")
        raise
    return "never"


async def main() -> None:
    victim = asyncio.create_task(sleeper(), name="sleeper")
    asyncio.get_running_loop().call_later(0.15, victim.cancel)
    results = await asyncio.gather(
        ok("first", 0.1), boom(0.2), victim, ok("last", 0.3), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            print("  exception:", type(result).__name__)
        else:
            print("  value:", repr(result))

    # With every child failing the gather itself still succeeds.
    failures = await asyncio.gather(boom(0), boom(0.01), return_exceptions=True)
    print("all failed:", [repr(f) for f in failures])


asyncio.run(main())
