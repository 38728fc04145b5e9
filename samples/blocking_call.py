"""A blocking call (time.sleep) freezes every task; await asyncio.sleep does not.

What it teaches
---------------
* The event loop runs one task at a time, and it can only switch tasks at an ``await``.
* ``await asyncio.sleep(0.5)`` says "wake me in 0.5 s" and gives the loop back at once, so a
  heartbeat task keeps ticking every 0.2 s while the worker waits.
* ``time.sleep(0.5)`` (or any slow call that is not awaited: ``requests.get``, a big
  computation, a blocking file read...) keeps the loop busy for 0.5 s. No other task can run,
  timers that were due meanwhile fire late, and the heartbeat shows a 0.5 s gap.

Fix for real code: use the async version of the call, or push the blocking call to a thread
with ``await asyncio.to_thread(time.sleep, 0.5)``.

Plain ``python`` needs about 2.5 s. In loopscope, watch the "blocked" warning on the step
where the worker calls ``time.sleep``.
"""

import asyncio
import time

from codetiming import Timer


async def heartbeat(start: float) -> None:
    """Tick every 0.2 s and report the real gap between two ticks."""
    last = start
    for beat in range(1, 6):
        await asyncio.sleep(0.2)
        now = time.perf_counter()
        print(f"  beat {beat} at {now - start:.1f} s, gap {now - last:.1f} s")
        last = now


async def polite_worker() -> None:
    print("  worker: 0.5 s of work with await asyncio.sleep(0.5)")
    await asyncio.sleep(0.5)  # gives the loop back: the heartbeat keeps going
    print("  worker: done")


async def blocking_worker() -> None:
    print("  worker: 0.5 s of work with time.sleep(0.5)")
    time.sleep(0.5)  # BLOCKS the loop: nothing else can run for 0.5 s
    print("  worker: done")


async def run_round(worker) -> None:
    start = time.perf_counter()
    # The heartbeat is created first, so it starts first and sets its 0.2 s timer
    # before the worker gets its turn.
    await asyncio.gather(heartbeat(start), worker())


async def main() -> None:
    print("Round 1: await asyncio.sleep")
    with Timer(text="Round 1 took {:.1f} s"):
        await run_round(polite_worker)

    print("Round 2: time.sleep")
    with Timer(text="Round 2 took {:.1f} s"):
        await run_round(blocking_worker)


if __name__ == "__main__":
    asyncio.run(main())
