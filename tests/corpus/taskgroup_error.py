"""asyncio.TaskGroup: one child fails, the others and the body are cancelled, except* splits."""

import asyncio


async def quick() -> str:
    await asyncio.sleep(0.05)
    print("quick finished")
    return "quick"


async def fails() -> None:
    await asyncio.sleep(0.1)
    print("fails raises ValueError")
    raise ValueError("bad value")


async def stubborn() -> None:
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("stubborn cancelled, raises TypeError while cleaning up")
        raise TypeError("cleanup failed")


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as tg:
            t_quick = tg.create_task(quick(), name="quick")
            tg.create_task(fails(), name="fails")
            tg.create_task(stubborn(), name="stubborn")
            print("body: tasks created")
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("body: cancelled by the task group")
                raise
    except* ValueError as eg:
        print("except* ValueError:", [str(e) for e in eg.exceptions])
    except* TypeError as eg:
        print("except* TypeError:", [str(e) for e in eg.exceptions])
    print("quick result:", t_quick.result())

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fails())
    except ExceptionGroup as eg:
        print("plain except:", eg.message, len(eg.exceptions))

    async with asyncio.TaskGroup() as tg:
        children = [tg.create_task(asyncio.sleep(d, result=d)) for d in (0.03, 0.01, 0.02)]
    print("all ok:", [c.result() for c in children])


asyncio.run(main())
