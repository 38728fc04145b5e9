"""loop.add_signal_handler(SIGUSR1) triggered by os.kill(os.getpid(), SIGUSR1) in a coroutine."""

import asyncio
import os
import signal


async def main() -> None:
    loop = asyncio.get_running_loop()
    received: list = []
    got_signal = asyncio.Event()

    def on_usr1(tag: str) -> None:
        received.append(tag)
        print(f"handler: SIGUSR1 received ({tag}), in the loop thread")
        got_signal.set()

    loop.add_signal_handler(signal.SIGUSR1, on_usr1, "first")
    print("main: sending SIGUSR1 to myself")
    os.kill(os.getpid(), signal.SIGUSR1)
    print("main: kill() returned; the handler runs at the next loop iteration")
    await got_signal.wait()
    print("main: woke up after the handler")

    got_signal.clear()
    loop.add_signal_handler(signal.SIGUSR1, on_usr1, "second")  # replaces the first handler
    os.kill(os.getpid(), signal.SIGUSR1)
    await got_signal.wait()

    print("removed:", loop.remove_signal_handler(signal.SIGUSR1))
    print("removed again:", loop.remove_signal_handler(signal.SIGUSR1))
    print("received:", received)


asyncio.run(main())
