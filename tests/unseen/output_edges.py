"""Output edge cases: unflushed print() against os.write, non-ASCII text, a final line without
a newline, sys.stdout.buffer, stderr without a newline, print from a thread."""

import asyncio
import os
import sys
import threading


async def main() -> None:
    print("buffered print before os.write")
    os.write(1, b"raw os.write\n")
    sys.stdout.flush()
    print("caf\u00e9 \u2603 \u00fc")
    sys.stdout.buffer.write(b"bytes through the buffer\n")
    sys.stdout.flush()
    thread = threading.Thread(target=print, args=("printed from a thread",))
    thread.start()
    thread.join()
    await asyncio.sleep(0)
    print("written:", sys.stdout.write("count me\n"))
    sys.stderr.write("stderr without newline")
    print("partial", end="")
    print(" line", end="")


asyncio.run(main())
