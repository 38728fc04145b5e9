"""A loop class of the script's own, derived from asyncio.SelectorEventLoop."""

import asyncio


async def worker() -> None:
    await asyncio.sleep(1)
    print(type(asyncio.get_running_loop()).__name__)


async def main() -> None:
    await asyncio.create_task(worker(), name="Worker")


class MyLoop(asyncio.SelectorEventLoop):
    pass


with asyncio.Runner(loop_factory=MyLoop) as runner:
    runner.run(main())
