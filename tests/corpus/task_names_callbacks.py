"""Task names, current_task, all_tasks, done callbacks (add/remove), get_coro()."""

import asyncio


async def named(delay: float) -> str:
    me = asyncio.current_task()
    await asyncio.sleep(delay)
    return f"{me.get_name()} done"


async def main() -> None:
    print("current task is main:", asyncio.current_task().get_coro().__name__)
    t1 = asyncio.create_task(named(0.02), name="fetcher")
    t2 = asyncio.create_task(named(0.01))
    t2.set_name("renamed")
    print("names:", t1.get_name(), t2.get_name())
    print("coroutine names:", t1.get_coro().__name__, t2.get_coro().__name__)
    print("other tasks:", sorted(t.get_name() for t in asyncio.all_tasks() if t is not asyncio.current_task()))

    def cb(tag):
        return lambda task: print(f"callback {tag}: {task.get_name()} -> {task.result()}")

    keep = cb("kept")
    dropped = cb("removed")
    t1.add_done_callback(keep)
    t1.add_done_callback(dropped)
    print("removed callbacks:", t1.remove_done_callback(dropped))
    t2.add_done_callback(cb("t2"))
    print(await t1, "|", await t2)
    await asyncio.sleep(0)
    # A callback added to a finished task is scheduled right away.
    t1.add_done_callback(cb("late"))
    await asyncio.sleep(0)
    print("tasks left:", len(asyncio.all_tasks()))


asyncio.run(main())
