"""asyncio.Runner: one loop for several run() calls, state kept between them, context."""

import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="none")
state: dict = {}


async def remember(key: str, value: int) -> int:
    await asyncio.sleep(0.01)
    state[key] = value
    print(f"remember {key}={value}, request_id={request_id.get()}")
    return sum(state.values())


async def start_background() -> None:
    async def background() -> None:
        for i in range(3):
            await asyncio.sleep(0.05)
            print("background tick", i)

    state["bg"] = asyncio.create_task(background())


with asyncio.Runner() as runner:
    print("total:", runner.run(remember("a", 1)))
    runner.run(start_background())
    bg = state.pop("bg")
    print("background running between run() calls:", not bg.done())
    print("total:", runner.run(remember("b", 2)))
    runner.run(asyncio.sleep(0.2))  # the background task keeps ticking meanwhile
    print("background done:", bg.done())

    ctx = contextvars.copy_context()
    ctx.run(request_id.set, "req-42")
    print("total:", runner.run(remember("c", 3), context=ctx))
    print("request_id outside:", request_id.get())

with asyncio.Runner(debug=False) as runner:
    print("second runner, fresh loop:", runner.run(remember("d", 4)))
