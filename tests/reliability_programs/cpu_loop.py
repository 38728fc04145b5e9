"""An endless CPU loop with no await: it never ends; it is killed from outside."""

import asyncio


async def spin() -> None:
    print("spinning", flush=True)
    n = 0
    while True:
        n += 1


async def main() -> None:
    await asyncio.sleep(0.1)
    await asyncio.create_task(spin(), name="Spinner")


asyncio.run(main())
