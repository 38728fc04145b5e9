"""Unfinished async generators are closed by the loop.

* "broken out of": after the `break` nothing references the generator any more; the loop's
  finalizer hook schedules its aclose() as a task. That task starts, prints its first line and
  is then cancelled by asyncio.run's shutdown (main has returned), so its second line never
  appears.
* "kept" is still referenced when main() returns: asyncio.run's shutdown_asyncgens() closes it.

The output depends on when objects are freed: a debugger that keeps references to the user's
generators or frames would change it.
"""

import asyncio


async def numbers(name: str):
    try:
        for i in range(100):
            yield i
            await asyncio.sleep(0)
    finally:
        print(f"{name}: finally (closing)")
        await asyncio.sleep(0)
        print(f"{name}: finally done")


keep = []


async def main() -> None:
    gen = numbers("kept")
    print("kept: first value", await anext(gen))
    keep.append(gen)  # still referenced when main() returns: closed at loop shutdown

    async for value in numbers("broken out of"):
        if value == 2:
            break
    print("after break; the generator is not closed yet by the loop")
    await asyncio.sleep(0)
    print("main: returning")


asyncio.run(main())
print("after asyncio.run")
