"""contextvars and tasks: each task runs in a copy of the context current at its creation."""

import asyncio
import contextvars

user = contextvars.ContextVar("user", default="anonymous")


async def handler(name: str, delay: float) -> None:
    user.set(name)
    await asyncio.sleep(delay)
    print(f"handler {name}: user is still {user.get()}")


async def reader(label: str) -> None:
    await asyncio.sleep(0)
    print(f"{label}: sees user={user.get()}")


async def main() -> None:
    await asyncio.gather(handler("alice", 0.03), handler("bob", 0.01))
    print("main: user =", user.get())

    user.set("admin")
    task = asyncio.create_task(reader("created after set"))
    user.set("changed later")
    await task

    ctx = contextvars.Context()
    await asyncio.create_task(reader("explicit empty context"), context=ctx)

    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    ctx2 = contextvars.copy_context()
    ctx2.run(user.set, "in ctx2")
    loop.call_soon(lambda: fut.set_result(user.get()), context=ctx2)
    print("call_soon with context:", await fut)


asyncio.run(main())
