"""A synchronous wait with a deadline on the loop's thread, as janus's sync side does: it must
end when its deadline passes, whatever clock the program runs on."""

import asyncio
import threading
import time


def wait_with_deadline(condition, timeout):
    end = time.monotonic() + timeout
    with condition:
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                return "timed out"
            condition.wait(remaining)


async def main():
    condition = threading.Condition()
    print(wait_with_deadline(condition, 0.3))
    started = time.monotonic()
    await asyncio.sleep(1)
    print("slept at least 1 s:", time.monotonic() - started >= 1)


asyncio.run(main())
