"""asyncio.run_coroutine_threadsafe: a worker thread submits coroutines to the loop."""

import asyncio
import threading


async def compute(x: int) -> int:
    await asyncio.sleep(0.01)
    print(f"loop: computing {x} * {x}")
    return x * x


async def failing() -> None:
    await asyncio.sleep(0)
    raise ValueError("raised on the loop")


def thread_body(loop: asyncio.AbstractEventLoop, out: list) -> None:
    for x in (2, 3):
        future = asyncio.run_coroutine_threadsafe(compute(x), loop)
        out.append(f"thread: got {future.result(timeout=5)}")
    try:
        asyncio.run_coroutine_threadsafe(failing(), loop).result(timeout=5)
    except ValueError as exc:
        out.append(f"thread: exception {exc}")


async def main() -> None:
    loop = asyncio.get_running_loop()
    out: list = []
    thread = threading.Thread(target=thread_body, args=(loop, out))
    thread.start()
    await asyncio.to_thread(thread.join)
    for line in out:
        print(line)
    print("main: thread finished:", not thread.is_alive())


asyncio.run(main())
