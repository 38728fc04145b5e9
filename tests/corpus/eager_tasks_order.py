"""Eager tasks change the order of events; this program shows it (output differs by version).

On 3.12+ the task factory is asyncio.eager_task_factory: a child's first step runs inside
create_task(), before the line after it. On 3.11 the same program uses regular tasks and the
child starts at the parent's next await. The test compares loopscope with plain python on the
same interpreter, so both must agree on whichever order that interpreter produces.
"""

import asyncio
import sys


async def child(name: str) -> str:
    print(f"{name}: first step")
    await asyncio.sleep(0)
    print(f"{name}: second step")
    return name


async def sync_child() -> str:
    print("sync_child: runs to the end without awaiting")
    return "sync"


async def main() -> None:
    eager = sys.version_info >= (3, 12)
    if eager:
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    a = asyncio.create_task(child("a"))
    print("main: created a")
    b = asyncio.create_task(child("b"))
    print("main: created b")
    s = asyncio.create_task(sync_child())
    print("main: created sync_child, done already:", s.done())
    print("main: results", await a, await b, await s)


asyncio.run(main())
