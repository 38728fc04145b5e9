"""asyncio.get_event_loop() at module level, then run_until_complete on that loop.

Since 3.12 this warns (DeprecationWarning) when no loop is set, and 3.14 raises RuntimeError
instead of creating one; the program handles both, so stdout is the same everywhere.
"""

import asyncio
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)

print("got a loop, running:", loop.is_running(), "closed:", loop.is_closed())


async def work(n: int) -> int:
    await asyncio.sleep(0.01)
    same = asyncio.get_running_loop() is loop
    print(f"work({n}) runs on the module-level loop: {same}")
    return n * 2


results = loop.run_until_complete(asyncio.gather(work(1), work(2)))
print("results:", results)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    print("get_event_loop() again returns the same loop:", asyncio.get_event_loop() is loop)
loop.close()
asyncio.set_event_loop(None)
print("closed")
