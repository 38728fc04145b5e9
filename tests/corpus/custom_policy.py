"""A program that installs its own event loop policy (deprecated since 3.14, still supported).

The policy's new_event_loop() is what asyncio.run() and asyncio.new_event_loop() call.
"""

import asyncio
import warnings

warnings.simplefilter("ignore", DeprecationWarning)


class LoggingPolicy(asyncio.DefaultEventLoopPolicy):
    created = 0

    def new_event_loop(self):
        LoggingPolicy.created += 1
        print(f"policy: new_event_loop() call #{LoggingPolicy.created}")
        return super().new_event_loop()


async def main(label: str) -> None:
    await asyncio.sleep(0.01)
    print(f"{label}: inside the loop")


asyncio.set_event_loop_policy(LoggingPolicy())
print("policy installed:", type(asyncio.get_event_loop_policy()).__name__)
asyncio.run(main("asyncio.run"))
loop = asyncio.new_event_loop()
loop.run_until_complete(main("new_event_loop"))
loop.close()
asyncio.set_event_loop_policy(None)
print("policy reset:", type(asyncio.get_event_loop_policy()).__name__ != "LoggingPolicy")
print("loops created by the policy:", LoggingPolicy.created)
