"""Errors from misusing the loop: asyncio.run inside a running loop, no running loop, etc."""

import asyncio
import warnings


async def noop() -> None:
    await asyncio.sleep(0)


async def main() -> None:
    coro = noop()
    try:
        asyncio.run(coro)
    except RuntimeError as exc:
        print("asyncio.run inside a loop:", exc)
    finally:
        coro.close()

    loop = asyncio.get_running_loop()
    coro = noop()
    try:
        loop.run_until_complete(coro)
    except RuntimeError as exc:
        print("run_until_complete on the running loop:", exc)
    finally:
        coro.close()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            await asyncio.wait_for(1, timeout=1)  # type: ignore[arg-type]
        except TypeError:
            print("wait_for on a non-awaitable: TypeError")


try:
    asyncio.get_running_loop()
except RuntimeError as exc:
    print("get_running_loop outside a loop:", exc)
asyncio.run(main())
loop = asyncio.new_event_loop()
loop.close()
try:
    loop.call_soon(print, "never")
except RuntimeError as exc:
    print("call_soon on a closed loop:", exc)
