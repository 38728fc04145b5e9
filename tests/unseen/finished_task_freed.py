"""A finished task is freed as soon as nothing of the program holds it, also while the loop is
still in the turn that ran its last step: the loop's own variables must not keep it."""

import asyncio
import gc
import weakref


async def quick():
    return 1


async def main():
    task = asyncio.create_task(quick())
    ref = weakref.ref(task)
    del task
    # quick's only step and this one run in the same turn of the loop, quick's first.
    await asyncio.sleep(0)
    gc.collect()
    print("finished task freed:", ref() is None)


asyncio.run(main())
