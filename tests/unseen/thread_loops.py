"""A thread runs its own asyncio.run while the main loop waits for it, and threads call back
into the main loop with call_soon_threadsafe and run_coroutine_threadsafe."""

import asyncio
import threading


async def in_thread_loop(n: int) -> str:
    await asyncio.sleep(0.01)
    total = sum(await asyncio.gather(*(asyncio.sleep(0.01, result=i) for i in range(n))))
    return f"thread loop summed {total}"


def thread_main(loop: asyncio.AbstractEventLoop, box: list) -> None:
    box.append(asyncio.run(in_thread_loop(4)))
    loop.call_soon_threadsafe(print, "call_soon_threadsafe from", threading.current_thread().name)
    future = asyncio.run_coroutine_threadsafe(asyncio.sleep(0.01, result="coroutine result"), loop)
    box.append(future.result(timeout=5))


async def main() -> None:
    loop = asyncio.get_running_loop()
    box: list = []
    thread = threading.Thread(target=thread_main, args=(loop, box), name="helper")
    thread.start()
    await asyncio.to_thread(thread.join)
    await asyncio.sleep(0)
    print(box)

    done = asyncio.Event()
    hits: list = []

    def producer(i: int) -> None:
        loop.call_soon_threadsafe(hits.append, i)
        if i == 2:
            loop.call_soon_threadsafe(done.set)

    threads = [threading.Thread(target=producer, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
        t.join()
    await done.wait()
    print("hits:", hits)

    try:
        asyncio.run(asyncio.sleep(0))
    except RuntimeError as exc:
        print("nested run refused:", exc)


asyncio.run(main())
