"""A task awaiting another task: chained results, exceptions passing through, done callbacks."""

import asyncio


async def stage(name: str, upstream: "asyncio.Task | None", delay: float) -> str:
    print(f"{name}: started")
    value = await upstream if upstream is not None else "seed"
    print(f"{name}: upstream gave {value!r}")
    await asyncio.sleep(delay)
    return f"{value}>{name}"


async def failing() -> str:
    await asyncio.sleep(0.01)
    raise ArithmeticError("stage failed")


async def main() -> None:
    first = asyncio.create_task(stage("first", None, 0.03), name="first")
    second = asyncio.create_task(stage("second", first, 0.02), name="second")
    third = asyncio.create_task(stage("third", second, 0.01), name="third")
    third.add_done_callback(lambda t: print("done callback:", t.get_name(), t.result()))
    print("main: awaiting third")
    print("main:", await third)

    bad = asyncio.create_task(failing(), name="bad")
    downstream = asyncio.create_task(stage("downstream", bad, 0), name="downstream")
    try:
        await downstream
    except ArithmeticError as exc:
        print("main: downstream failed with", repr(exc))
    print("bad and downstream both failed:", bad.exception() is not None, downstream.exception() is not None)

    # Two tasks awaiting the same task both get its result.
    shared = asyncio.create_task(asyncio.sleep(0.02, result="shared"))
    a = asyncio.create_task(stage("a", shared, 0))
    b = asyncio.create_task(stage("b", shared, 0))
    print("main:", await asyncio.gather(a, b))


asyncio.run(main())
