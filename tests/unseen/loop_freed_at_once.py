"""A closed loop is freed the moment the program drops it, without the cycle collector: no
reference cycle of the loop's own keeps it (a library's leak test, anyio's, checks this)."""

import asyncio
import gc
import weakref


async def main():
    await asyncio.sleep(0.1)
    asyncio.get_running_loop().call_later(5, print, "never")


gc.disable()
loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
ref = weakref.ref(loop)
del loop
print("closed loop freed at once:", ref() is None)

asyncio.run(main())
print("done")
