"""asyncio.to_thread: a blocking function (time.sleep) runs in a worker thread."""

import asyncio
import threading
import time


def blocking(name: str, seconds: float) -> str:
    time.sleep(seconds)
    in_main = threading.current_thread() is threading.main_thread()
    return f"{name} slept {seconds} s in {'the main' if in_main else 'a worker'} thread"


def fails() -> None:
    time.sleep(0.01)
    raise OSError("disk on fire")


async def main() -> None:
    print("main: handing blocking() to a thread")
    result = await asyncio.to_thread(blocking, "job", 0.1)
    print("main:", result)

    results = await asyncio.gather(
        asyncio.to_thread(blocking, "a", 0.1),
        asyncio.to_thread(blocking, "b", 0.05),
    )
    print("main: gathered", results)

    try:
        await asyncio.to_thread(fails)
    except OSError as exc:
        print("main: exception from the thread:", exc)

    # Keyword arguments go through too.
    print("main:", await asyncio.to_thread(blocking, name="kw", seconds=0.01))


asyncio.run(main())
