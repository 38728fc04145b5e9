"""50 MB of output from a task, in 100-byte lines."""

import asyncio
import sys

LINE = "x" * 90


async def main() -> None:
    write = sys.stdout.write
    for block in range(5000):
        await asyncio.sleep(0)
        write("".join(f"{block:05d}{i:04d} {LINE}\n" for i in range(100)))
    print("done")


asyncio.run(main())
