"""Two tasks wait for things nobody will ever provide: a deadlock."""

import asyncio


async def wait_for_event(event: asyncio.Event) -> None:
    await event.wait()


async def wait_for_item(queue: asyncio.Queue) -> None:
    await queue.get()


async def main() -> None:
    event = asyncio.Event()
    queue: asyncio.Queue = asyncio.Queue()
    print("waiting")
    await asyncio.gather(
        asyncio.create_task(wait_for_event(event), name="Alice"),
        asyncio.create_task(wait_for_item(queue), name="Reader"),
    )


asyncio.run(main())
