"""Async generators, async comprehensions, async for, aclose() and asend()."""

import asyncio


async def countdown(n: int):
    try:
        while n > 0:
            await asyncio.sleep(0.01)
            yield n
            n -= 1
    finally:
        print(f"countdown finally (n={n})")


async def echo():
    received = None
    while True:
        received = yield f"echo:{received}"


class Ticker:
    """A class-based async iterator (__aiter__ / __anext__)."""

    def __init__(self, limit: int) -> None:
        self.i = 0
        self.limit = limit

    def __aiter__(self):
        return self

    async def __anext__(self) -> int:
        if self.i >= self.limit:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.i += 1
        return self.i


async def main() -> None:
    async for value in countdown(3):
        print("async for got", value)

    squares = [v * v async for v in countdown(3) if v != 2]
    print("async list comprehension:", squares)
    print("async set comprehension:", sorted({v % 2 async for v in Ticker(4)}))
    print("async dict comprehension:", {v: str(v) async for v in Ticker(2)})
    print("await in comprehension:", [await asyncio.sleep(0, result=i) for i in range(3)])

    gen = countdown(10)
    print("first:", await gen.__anext__(), "second:", await anext(gen))
    await gen.aclose()
    print("closed early")

    e = echo()
    print(await e.asend(None))
    print(await e.asend("hello"))
    print(await e.asend("world"))
    await e.aclose()

    print("anext with default:", await anext(Ticker(0), "exhausted"))


asyncio.run(main())
