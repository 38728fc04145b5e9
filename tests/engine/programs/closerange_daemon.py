"""The daemon idiom: close every descriptor above stderr (``os.closerange(3, 4096)``), then run
asyncio (whose self-pipe takes the freed numbers first), print on both streams, exit 3."""

import asyncio
import os
import sys


async def worker(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    print(f"{name} woke up")
    return name


async def main() -> None:
    done = await asyncio.gather(worker("one", 0.02), worker("two", 0.01))
    print("gathered", done)
    print("a warning of the program's own", file=sys.stderr)
    reader, writer = os.pipe()
    os.write(writer, b"through a pipe of the program's\n")
    print(os.read(reader, 100).decode().strip())


if __name__ == "__main__":
    print("daemon starts", flush=True)
    os.closerange(3, 4096)
    asyncio.run(main())
    sys.exit(3)
