"""A server-like program that stops on SIGTERM: add_signal_handler, os.kill to itself from a
task, workers stopped in order, then remove_signal_handler."""

import asyncio
import os
import signal


async def worker(name: str, stop: asyncio.Event) -> None:
    count = 0
    while not stop.is_set():
        await asyncio.sleep(0.01)
        count += 1
    print(f"{name} stopped after at least 3 rounds: {count >= 3}")


async def main() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def on_term() -> None:
        print("SIGTERM received")
        stop.set()

    loop.add_signal_handler(signal.SIGTERM, on_term)
    workers = [asyncio.create_task(worker(f"w{i}", stop)) for i in range(2)]

    async def killer() -> None:
        await asyncio.sleep(0.3)
        os.kill(os.getpid(), signal.SIGTERM)

    asyncio.create_task(killer())
    await stop.wait()
    await asyncio.gather(*workers)
    print("handler removed:", loop.remove_signal_handler(signal.SIGTERM))
    print("bad signal:", end=" ")
    try:
        loop.add_signal_handler(signal.SIGKILL, on_term)
    except RuntimeError as exc:
        print(exc)


asyncio.run(main())
