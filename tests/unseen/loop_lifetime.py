"""A loop is freed when the program lets go of it: after asyncio.run, and unclosed (the
collector closes it and warns)."""

import asyncio
import gc
import sys
import warnings
import weakref

warnings.simplefilter("always", ResourceWarning)
warnings.showwarning = lambda message, category, *rest: print(
    f"{category.__name__}: {message}", file=sys.stderr)

refs = []


async def main():
    refs.append(weakref.ref(asyncio.get_running_loop()))
    await asyncio.sleep(0.1)
    return "done"


print(asyncio.run(main()))
gc.collect()
print("loop of asyncio.run freed:", refs[0]() is None)

loop = asyncio.new_event_loop()
print(loop.run_until_complete(main()))
unclosed = weakref.ref(loop)
del loop
gc.collect()
print("unclosed loop freed:", unclosed() is None)

with asyncio.Runner() as runner:
    runner.run(main())
    inner = weakref.ref(runner.get_loop())
gc.collect()
print("Runner's loop freed:", inner() is None)
