"""loop.call_soon / call_later / call_at ordering, handle.cancel(), TimerHandle.when().

Due timers are moved to the ready queue *after* the callbacks already there, so call_later(0)
runs after call_soon callbacks scheduled later in the same step.
"""

import asyncio


def cb(label: str) -> None:
    print("callback", label)


async def main() -> None:
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    start = loop.time()

    loop.call_later(0.2, cb, "later 0.2")
    loop.call_at(start + 0.1, cb, "at +0.1")
    loop.call_later(0, cb, "later 0")
    loop.call_later(-1, cb, "later -1 (negative delay)")
    loop.call_soon(cb, "soon 1")
    cancelled = loop.call_soon(cb, "soon cancelled")
    loop.call_soon(cb, "soon 2")
    timer = loop.call_later(0.15, cb, "later 0.15 cancelled")
    print("timer deadline is at least start + 0.15:", timer.when() >= start + 0.15)
    cancelled.cancel()
    timer.cancel()
    print("handles cancelled:", cancelled.cancelled(), timer.cancelled())

    # A callback that schedules more callbacks: they run after the ones already queued.
    def chain(n: int) -> None:
        print("chain", n)
        if n < 3:
            loop.call_soon(chain, n + 1)

    loop.call_soon(chain, 1)
    loop.call_soon(cb, "soon 3")
    loop.call_later(0.3, done.set_result, None)
    print("main: scheduled everything, now awaiting")
    await done
    print("main: done")


asyncio.run(main())
