"""loop.set_exception_handler: errors in callbacks and unretrieved task errors reach it."""

import asyncio
import gc


def handler(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    exc = context.get("exception")
    message = context["message"]
    if message.startswith("Exception in callback"):
        message = "Exception in callback (handle details omitted)"
    print(f"handler: {message} | {type(exc).__name__}: {exc}")


async def fails() -> None:
    raise LookupError("task failure nobody awaited")


async def main() -> None:
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)

    def bad_callback() -> None:
        raise ZeroDivisionError("in a call_soon callback")

    loop.call_soon(bad_callback)
    await asyncio.sleep(0.01)
    print("main: the loop survived the callback error")

    task = asyncio.create_task(fails())
    await asyncio.sleep(0.01)
    del task
    gc.collect()
    print("main: after gc")

    loop.call_exception_handler({"message": "custom report", "exception": None})
    loop.set_exception_handler(None)
    print("handler reset:", loop.get_exception_handler() is None)


asyncio.run(main())
