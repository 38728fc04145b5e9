"""asyncio.run()."""

import asyncio


async def worker() -> None:
    await asyncio.sleep(1)
    print(type(asyncio.get_running_loop()).__name__)


async def main() -> None:
    await asyncio.create_task(worker(), name="Worker")


asyncio.run(main())
