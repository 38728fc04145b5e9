"""contextvars across tasks, callbacks, to_thread and an explicit context=: each task runs in a
copy of its creator's context, so a change inside a task stays there."""

import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="none")


async def handler(rid: str) -> str:
    request_id.set(rid)
    await asyncio.sleep(0.01)
    inner = await asyncio.create_task(child())
    in_thread = await asyncio.to_thread(request_id.get)
    return f"{rid}: own={request_id.get()} child={inner} thread={in_thread}"


async def child() -> str:
    await asyncio.sleep(0)
    value = request_id.get()
    request_id.set("changed by child")
    return value


async def main() -> None:
    request_id.set("main")
    print(await asyncio.gather(handler("r1"), handler("r2")))
    print("main still sees:", request_id.get())

    loop = asyncio.get_running_loop()
    seen = loop.create_future()
    ctx = contextvars.copy_context()
    ctx.run(request_id.set, "in a copied context")
    loop.call_soon(lambda: seen.set_result(request_id.get()), context=ctx)
    print("call_soon with context:", await seen)

    task = asyncio.create_task(child(), context=ctx)
    print("create_task with context:", await task, "| ctx now:", ctx[request_id])

    token = request_id.set("temporary")
    request_id.reset(token)
    print("after reset:", request_id.get())


asyncio.run(main())
print("outside the loop:", request_id.get())
