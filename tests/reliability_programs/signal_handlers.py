"""The program installs signal handlers (signal.signal and the loop's), then signals itself."""

import asyncio
import os
import signal


def on_usr2(signum: int, frame: object) -> None:
    print("signal.signal handler: SIGUSR2")


async def main() -> None:
    signal.signal(signal.SIGUSR2, on_usr2)
    got = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, lambda: (print("loop handler: SIGUSR1"), got.set()))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.kill(os.getpid(), signal.SIGUSR2)
    await asyncio.sleep(0.1)
    os.kill(os.getpid(), signal.SIGUSR1)
    await got.wait()
    os.kill(os.getpid(), signal.SIGINT)  # ignored
    await asyncio.sleep(0.1)
    print("still here")
    signal.signal(signal.SIGTERM, lambda s, f: os._exit(9))
    print("exiting through the SIGTERM handler", flush=True)
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.sleep(10)


asyncio.run(main())
