"""Automatic task names ("Task-1", "Task-2", ...) are the program's own: loopscope takes none."""
import asyncio


async def child() -> str:
    await asyncio.sleep(0)
    return asyncio.current_task().get_name()


async def main() -> None:
    print("main:", asyncio.current_task().get_name())
    tasks = [asyncio.create_task(child()) for _ in range(3)]
    print("children:", await asyncio.gather(*tasks))


asyncio.run(main())
asyncio.run(main())
