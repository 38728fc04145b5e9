"""A task that divides by zero after one sleep: the program crashes with a traceback."""

import asyncio


async def divide():
    await asyncio.sleep(1)
    return 1 / 0


async def main():
    print("about to divide")
    await asyncio.create_task(divide(), name="Divider")


asyncio.run(main())
