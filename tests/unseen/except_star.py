"""TaskGroup failures caught with except*: several errors at once, nested groups, a
cancellation of the siblings, and add_note on an exception that crosses a task."""

import asyncio


async def ok(name: str, delay: float, log: list) -> str:
    try:
        await asyncio.sleep(delay)
        log.append(f"{name} ok")
        return name
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise


async def bad(exc: BaseException, go: "asyncio.Event | float") -> None:
    if isinstance(go, asyncio.Event):
        await go.wait()  # the failing tasks wake together, however slow the machine is
    else:
        await asyncio.sleep(go)
    raise exc


async def main() -> None:
    log: list = []
    go = asyncio.Event()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok("slow", 1, log))
            tg.create_task(bad(ValueError("v1"), go))
            tg.create_task(bad(ValueError("v2"), go))
            tg.create_task(bad(TypeError("t1"), go))
            tg.create_task(ok("quick", 0.01, log))
            asyncio.get_running_loop().call_later(0.2, go.set)
    except* ValueError as group:
        print("ValueErrors:", sorted(str(e) for e in group.exceptions))
    except* TypeError as group:
        print("TypeErrors:", [str(e) for e in group.exceptions])
    print(log)

    try:
        async with asyncio.TaskGroup() as outer:
            async def nested() -> None:
                async with asyncio.TaskGroup() as inner:
                    inner.create_task(bad(OSError("deep"), 0.01))
            outer.create_task(nested())
    except* OSError as group:
        print("nested:", repr(group))
        for exc in group.exceptions:
            print("  ", type(exc).__name__, repr(exc))

    async def annotated() -> None:
        await asyncio.sleep(0)
        err = ArithmeticError("with a note")
        err.add_note("added in the task")
        raise err

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(annotated())
    except* ArithmeticError as group:
        print("notes:", group.exceptions[0].__notes__)

    eg = ExceptionGroup("top", [ValueError(1), ExceptionGroup("sub", [TypeError(2)])])
    match, rest = eg.split(TypeError)
    print("split:", repr(match), repr(rest))

    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(ok(f"t{i}", 0.01 * (3 - i), log)) for i in range(3)]
    print([t.result() for t in tasks], log[-3:])


asyncio.run(main())
