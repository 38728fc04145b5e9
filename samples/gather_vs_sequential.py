"""Awaiting coroutines one by one vs running them together with asyncio.gather.

What it teaches
---------------
* ``await coro()`` runs that coroutine to the end before the next line starts, so three
  awaits in a row take the *sum* of their times, even inside an ``async def``.
* ``asyncio.gather(a(), b(), c())`` wraps each coroutine in a task and lets the event loop
  interleave them: the whole thing takes as long as the *longest* one.
* ``gather`` returns the results in the order you passed the coroutines in, not in the order
  they finished.

Breakfast: coffee takes 3 s, toast 2 s, eggs 1 s. Made one after the other that is 6 s;
made at the same time it is 3 s. Plain ``python`` needs about 9 s for both rounds.
"""

import asyncio

from codetiming import Timer


async def make(item: str, seconds: int) -> str:
    print(f"  start {item}")
    # While this coroutine waits, the loop is free to run another one (if there is one).
    await asyncio.sleep(seconds)
    print(f"  {item} ready")
    return item


async def sequential() -> list[str]:
    # Each await finishes before the next one starts: nothing overlaps.
    coffee = await make("coffee", 3)
    toast = await make("toast", 2)
    eggs = await make("eggs", 1)
    return [coffee, toast, eggs]


async def concurrent() -> list[str]:
    # gather() turns the three coroutines into tasks that wait side by side.
    return await asyncio.gather(make("coffee", 3), make("toast", 2), make("eggs", 1))


async def main() -> None:
    print("One at a time:")
    with Timer(text="Sequential breakfast took {:.1f} s"):
        served = await sequential()
    print(f"  served {served}")

    print("All together:")
    with Timer(text="Gathered breakfast took {:.1f} s"):
        served = await concurrent()
    # Same order as the arguments to gather(), although the eggs were ready first.
    print(f"  served {served}")


if __name__ == "__main__":
    asyncio.run(main())
