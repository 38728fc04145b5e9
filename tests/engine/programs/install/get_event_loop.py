"""asyncio.get_event_loop() at module level (3.12+ warns, as plain python does)."""

import asyncio


async def worker() -> None:
    await asyncio.sleep(1)
    print(type(asyncio.get_running_loop()).__name__)


async def main() -> None:
    await asyncio.create_task(worker(), name="Worker")


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
loop.close()
