"""Reading stdin from asyncio: input() in a thread, a line read on the loop's thread, and the
rest read through a StreamReader on the pipe (connect_read_pipe)."""

import asyncio
import sys


async def main() -> None:
    first = await asyncio.to_thread(input)
    print("input() in a thread:", first)
    second = sys.stdin.readline()
    print("readline on the loop thread:", second.rstrip())

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    lines = []
    async for line in reader:
        lines.append(line.decode().rstrip())
    transport.close()
    print("through the pipe:", lines)


asyncio.run(main())
