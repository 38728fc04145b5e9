"""asyncio.Runner with several run() calls: one loop, one context, state kept between runs,
shutdown_default_executor when the Runner closes, and run() after close refused."""

import asyncio
import contextvars

counter = contextvars.ContextVar("counter", default=0)


async def bump(label: str) -> int:
    await asyncio.sleep(0.01)
    counter.set(counter.get() + 1)
    return counter.get()


async def background(log: list) -> None:
    try:
        while True:
            await asyncio.sleep(0.01)
            log.append("tick")
    except asyncio.CancelledError:
        log.append("background cancelled")
        raise


async def main() -> None:
    print("same loop:", asyncio.get_running_loop() is runner_loop)


with asyncio.Runner() as runner:
    runner_loop = runner.get_loop()
    print(runner.run(bump("a")), runner.run(bump("b")), runner.run(bump("c")))
    runner.run(main())
    log: list = []
    task = runner_loop.create_task(background(log))
    runner.run(asyncio.sleep(0.3))
    print("ticks while the second run slept:", len(log) >= 2)
    print("executor:", runner.run(asyncio.to_thread(lambda: "thread ran")))
print("closed loop:", runner_loop.is_closed(), "| task:", task.cancelled(), log[-1])

try:
    runner.run(bump("late"))
except RuntimeError as exc:
    print("run after close:", exc)

with asyncio.Runner(debug=True) as runner:
    print("debug runner:", runner.get_loop().get_debug(), runner.run(bump("d")))
