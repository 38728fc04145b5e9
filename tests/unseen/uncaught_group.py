"""An ExceptionGroup from a TaskGroup that nobody catches: the interpreter prints the group's
traceback (with the boxed sub-exceptions) on stderr and exits with status 1."""

import asyncio


async def explode(n: int) -> None:
    await asyncio.sleep(0.01 * n)
    raise ValueError(f"explosion {n}")


async def main() -> None:
    async with asyncio.TaskGroup() as tg:
        for n in range(1, 3):
            tg.create_task(explode(n))
        print("tasks started")


asyncio.run(main())
