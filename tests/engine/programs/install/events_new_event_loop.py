"""asyncio.events.new_event_loop(), the other binding."""

import asyncio


async def worker() -> None:
    await asyncio.sleep(1)
    print(type(asyncio.get_running_loop()).__name__)


async def main() -> None:
    await asyncio.create_task(worker(), name="Worker")


loop = asyncio.events.new_event_loop()
try:
    loop.run_until_complete(main())
finally:
    loop.close()
