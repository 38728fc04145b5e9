"""Async generators left unfinished: asyncio.run finalizes them (shutdown_asyncgens) after the
main coroutine returns, running their finally blocks, including one that awaits."""

import asyncio


async def ticker(name: str):
    try:
        for i in range(100):
            yield i
            await asyncio.sleep(0.01)
    finally:
        print(f"{name}: finally, awaiting cleanup")
        await asyncio.sleep(0.01)
        print(f"{name}: closed")


async def counter():
    n = 0
    try:
        while True:
            yield n
            n += 1
    except GeneratorExit:
        print("counter: GeneratorExit")
        raise


async def main() -> None:
    gen = ticker("kept")
    async for value in gen:
        if value == 2:
            break
    print("main: broke out of the loop at 2")

    agen = counter()
    print("counter first values:", await agen.__anext__(), await agen.__anext__())

    explicit = ticker("explicit")
    await explicit.__anext__()
    await explicit.aclose()
    print("main: explicit aclose done")

    print("main: returning with two generators unfinished")


asyncio.run(main())
print("after asyncio.run")
