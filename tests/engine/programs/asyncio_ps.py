"""Tasks parked for ``python -m asyncio ps``/``pstree`` (3.14+) to read from outside.

``alpha`` and ``gamma`` wait on an event, ``beta`` awaits ``alpha``, the main task gathers
``beta`` and ``gamma``. The pid is printed by a callback queued after the three first steps,
so when it is read every task is suspended; no timer is pending, so nothing moves until
SIGUSR1 sets the event and the program ends with status 0.
"""

import asyncio
import os
import signal


async def sleeper(stop: asyncio.Event) -> None:
    await stop.wait()


async def waiter(task: asyncio.Task[None]) -> None:
    await task


def announce() -> None:
    print(os.getpid(), flush=True)


async def main() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, stop.set)
    alpha = asyncio.create_task(sleeper(stop), name="alpha")
    beta = asyncio.create_task(waiter(alpha), name="beta")
    gamma = asyncio.create_task(sleeper(stop), name="gamma")
    loop.call_soon(announce)  # after the first steps of alpha, beta and gamma
    await asyncio.gather(beta, gamma)
    print("stopped")


asyncio.run(main())
