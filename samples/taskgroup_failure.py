"""When one task in an asyncio.TaskGroup fails, its siblings are cancelled.

What it teaches
---------------
* ``async with asyncio.TaskGroup() as tg:`` waits for every task created with
  ``tg.create_task(...)`` before the block ends (structured concurrency, Python 3.11+).
* If one of them raises, the group cancels all the others (they see ``CancelledError`` at
  the ``await`` they are suspended at) and then raises an ``ExceptionGroup`` holding the
  error(s).
* ``except* ValueError`` picks the ValueErrors out of the group.
* A cancelled task can clean up in ``except CancelledError`` / ``finally``, but should
  re-raise the CancelledError so the cancellation completes.

Three downloads: "mirror C" finishes after 0.5 s, "mirror B" fails after 1 s, and "mirror A",
which needs 3 s, is cancelled at that moment. Plain ``python`` ends after about 1 s, exit code 0.

(Only one task is left to cancel on purpose: the group cancels the remaining tasks in the
iteration order of a set, so with several of them the order of their "cancelled" lines is not
guaranteed.)
"""

import asyncio

from codetiming import Timer


async def download(name: str, seconds: float) -> str:
    print(f"{name}: started, needs {seconds} s")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        # The TaskGroup cancelled us because a sibling failed.
        print(f"{name}: cancelled, cleaning up")
        raise  # let the cancellation finish
    print(f"{name}: finished")
    return name


async def broken_download(name: str, seconds: float) -> str:
    print(f"{name}: started, will fail after {seconds} s")
    await asyncio.sleep(seconds)
    print(f"{name}: raising ValueError")
    raise ValueError(f"{name} sent a corrupt file")


async def main() -> None:
    with Timer(text="The task group ended after {:.1f} s"):
        try:
            async with asyncio.TaskGroup() as tg:
                tasks = [
                    tg.create_task(download("mirror A", 3), name="mirror A"),
                    tg.create_task(broken_download("mirror B", 1), name="mirror B"),
                    tg.create_task(download("mirror C", 0.5), name="mirror C"),
                ]
                print("main: all downloads started, waiting for the group")
        except* ValueError as group:
            # `group` is an ExceptionGroup holding only the ValueErrors.
            for error in group.exceptions:
                print(f"main: caught {type(error).__name__}: {error}")

    for task in tasks:
        if task.cancelled():
            state = "cancelled"
        elif task.exception() is not None:
            state = f"failed ({task.exception()!r})"
        else:
            state = f"finished ({task.result()!r})"
        print(f"{task.get_name()}: {state}")


if __name__ == "__main__":
    asyncio.run(main())
