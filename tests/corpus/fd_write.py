"""Output written straight to file descriptor 1, interleaved with flushed print() calls.

Every print() is flushed, so under plain python the lines reach stdout in program order.
A debugger that carries print() output on one channel and raw fd 1 bytes on another must
merge them back in that order to pass this one.
"""

import asyncio
import os


async def writer(name: str, count: int) -> None:
    for i in range(count):
        print(f"{name}: print {i}", flush=True)
        os.write(1, f"{name}: os.write {i}\n".encode())
        await asyncio.sleep(0.01)


async def main() -> None:
    await writer("solo", 2)
    await asyncio.gather(writer("a", 2), writer("b", 2))
    os.write(2, b"raw bytes on fd 2\n")
    print("done", flush=True)


asyncio.run(main())
