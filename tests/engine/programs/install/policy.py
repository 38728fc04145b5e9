"""A policy subclass set by the script; it must still be obeyed."""

import asyncio


async def worker() -> None:
    await asyncio.sleep(1)
    print(type(asyncio.get_running_loop()).__name__)


async def main() -> None:
    await asyncio.create_task(worker(), name="Worker")


class CountingPolicy(asyncio.DefaultEventLoopPolicy):
    made = 0

    def new_event_loop(self):
        CountingPolicy.made += 1
        return super().new_event_loop()


asyncio.set_event_loop_policy(CountingPolicy())
asyncio.run(main())
print("loops made by the policy:", CountingPolicy.made)
