"""os._exit(5) from inside a task: no cleanup, unflushed output is lost as under python."""

import asyncio
import os


async def main() -> None:
    print("flushed before os._exit", flush=True)
    await asyncio.sleep(1)
    os._exit(5)


asyncio.run(main())
