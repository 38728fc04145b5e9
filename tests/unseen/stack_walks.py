"""``traceback.walk_stack(None)`` walked by hand and through ``StackSummary.extract``, in a task
and in a callback: where the walk starts (up to 3.13 four frames up from the generator's at its
first ``next()``, from 3.14 the caller's frame) and that it ends at this ``<module>``."""

import asyncio
import traceback


def walk(where: str) -> None:
    print(where, "by hand:", [(frame.f_code.co_name, lineno)
                              for frame, lineno in traceback.walk_stack(None)][:3], "...")
    summary = traceback.StackSummary.extract(traceback.walk_stack(None))
    print(where, "extracted:", [(entry.name, entry.lineno) for entry in summary][:3], "...")
    print(where, "ends at:", summary[-1].name, summary[-1].lineno)


async def main() -> None:
    walk("task")
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_soon(lambda: (walk("callback"), done.set_result(None)))
    await done


asyncio.run(main())
