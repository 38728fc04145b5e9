"""Many tasks sleeping the same amount: they wake in the order they went to sleep.

With a real clock each sleep(0.05) gets a slightly later deadline than the one before, so the
wake-up order is the creation order. A virtual clock that stands still while tasks run gives
them *equal* deadlines, and heapq does not keep insertion order for equal keys: an engine
must break such ties by scheduling order to print what plain python prints.
"""

import asyncio

order: list = []


async def sleeper(i: int, delay: float) -> None:
    await asyncio.sleep(delay)
    order.append(i)
    print(f"sleeper {i} woke up")


async def main() -> None:
    await asyncio.gather(*(sleeper(i, 0.05) for i in range(12)))
    print("creation order kept:", order == sorted(order))

    # Same again with call_later callbacks scheduled from one step.
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    for i in range(8):
        loop.call_later(0.02, print, f"callback {i}")
    loop.call_later(0.02, done.set_result, None)
    await done

    # And two rounds: the second sleeps are scheduled in wake-up order of the first.
    async def twice(i: int) -> None:
        for r in range(2):
            await asyncio.sleep(0.03)
            print(f"round {r}: task {i}")

    await asyncio.gather(*(twice(i) for i in range(5)))


asyncio.run(main())
