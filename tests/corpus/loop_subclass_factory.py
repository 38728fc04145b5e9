"""A user-defined event loop subclass passed as loop_factory; its overrides must keep working."""

import asyncio
import sys


class CountingLoop(asyncio.SelectorEventLoop):
    """Counts call_soon calls and adds a method of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.soon_calls = 0

    def call_soon(self, callback, *args, context=None):
        self.soon_calls += 1
        return super().call_soon(callback, *args, context=context)

    def greet(self) -> str:
        return "hello from CountingLoop"


async def main() -> None:
    loop = asyncio.get_running_loop()
    print("isinstance CountingLoop:", isinstance(loop, CountingLoop))
    print(loop.greet())
    before = loop.soon_calls
    loop.call_soon(print, "scheduled with call_soon")
    await asyncio.sleep(0)
    print("call_soon was counted:", loop.soon_calls > before)


if sys.version_info >= (3, 12):
    asyncio.run(main(), loop_factory=CountingLoop)
else:
    with asyncio.Runner(loop_factory=CountingLoop) as runner:
        runner.run(main())
