"""`from asyncio import new_event_loop`, bound by the script after loopscope started."""

import asyncio
from asyncio import new_event_loop


async def worker() -> None:
    await asyncio.sleep(1)
    print(type(asyncio.get_running_loop()).__name__)


async def main() -> None:
    await asyncio.create_task(worker(), name="Worker")


loop = new_event_loop()
try:
    loop.run_until_complete(main())
finally:
    loop.close()
