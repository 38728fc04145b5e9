"""asyncio.run(main(), loop_factory=...) on 3.12+, asyncio.Runner(loop_factory=...) on 3.11."""

import asyncio
import sys

calls: list = []


def factory() -> asyncio.AbstractEventLoop:
    calls.append("factory")
    print("factory: creating a loop")
    return asyncio.new_event_loop()


async def main(label: str) -> str:
    await asyncio.sleep(0.01)
    print(f"{label}: running, factory calls so far = {len(calls)}")
    return label


if sys.version_info >= (3, 12):
    result = asyncio.run(main("run"), loop_factory=factory)
else:
    with asyncio.Runner(loop_factory=factory) as runner:
        result = runner.run(main("run"))
print("result:", result)

with asyncio.Runner(loop_factory=factory) as runner:
    print("runner result:", runner.run(main("runner")))
print("factory was called", len(calls), "times")
