"""A program that installs sys.excepthook: an uncaught exception out of asyncio.run goes to
the hook, not to the default printer; threading.excepthook gets a thread's exception."""

import asyncio
import sys
import threading


def hook(kind, value, tb) -> None:
    print(f"custom hook: {kind.__name__}: {value}", file=sys.stderr)
    print("hook saw a traceback:", tb is not None)


def thread_hook(args) -> None:
    print(f"thread hook: {args.exc_type.__name__} in {args.thread.name}")


sys.excepthook = hook
threading.excepthook = thread_hook


def crashes() -> None:
    raise OSError("in a thread")


async def main() -> None:
    thread = threading.Thread(target=crashes, name="crasher")
    thread.start()
    await asyncio.to_thread(thread.join)
    await asyncio.sleep(0.01)
    raise LookupError("uncaught in main")


asyncio.run(main())
