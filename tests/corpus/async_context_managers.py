"""`async with`: a class with __aenter__/__aexit__, @asynccontextmanager, AsyncExitStack."""

import asyncio
import contextlib


class Connection:
    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> "Connection":
        await asyncio.sleep(0.01)
        print(f"{self.name}: opened")
        return self

    async def __aexit__(self, exc_type, exc, tb) -> bool:
        await asyncio.sleep(0.01)
        print(f"{self.name}: closed (exception: {exc_type.__name__ if exc_type else None})")
        return exc_type is KeyError  # swallow KeyError only


@contextlib.asynccontextmanager
async def transaction(name: str):
    print(f"{name}: begin")
    try:
        yield name.upper()
        print(f"{name}: commit")
    except Exception as exc:
        print(f"{name}: rollback because of {exc!r}")
        raise
    finally:
        await asyncio.sleep(0)
        print(f"{name}: end")


async def main() -> None:
    async with Connection("db") as conn:
        print("using", conn.name)

    async with Connection("cache"):
        raise KeyError("swallowed by __aexit__")
    print("after the swallowed KeyError")

    async with transaction("tx1") as tx:
        print("inside", tx)

    try:
        async with transaction("tx2"):
            raise ValueError("oops")
    except ValueError:
        print("ValueError propagated")

    async with contextlib.AsyncExitStack() as stack:
        for name in ("one", "two", "three"):
            await stack.enter_async_context(Connection(name))
        stack.push_async_callback(asyncio.sleep, 0)
        stack.callback(print, "sync callback runs first (LIFO)")
        print("stack ready")


asyncio.run(main())
