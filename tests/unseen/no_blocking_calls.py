"""A blocking-call detector (as blockbuster, used by anyio's suite) watches the loop's thread:
creating tasks whose code comes from a file not seen before must make no file system call."""

import asyncio
import os
import threading

calls = []
loop_thread = threading.get_ident()


def watched(name, real):
    def wrapper(*args, **kwargs):
        if threading.get_ident() == loop_thread:
            calls.append(name)
        return real(*args, **kwargs)
    return wrapper


source = "async def work(n):\n    return n * 2\n"
namespace = {}
exec(compile(source, "/srv/app/handlers/work.py", "exec"), namespace)


async def main():
    for name in ("stat", "lstat", "listdir", "getcwd", "readlink"):
        setattr(os, name, watched(name, getattr(os, name)))
    try:
        tasks = [asyncio.create_task(namespace["work"](n)) for n in range(3)]
        print(await asyncio.gather(*tasks))
    finally:
        for name in ("stat", "lstat", "listdir", "getcwd", "readlink"):
            setattr(os, name, getattr(os, name).__closure__[1].cell_contents)
    print("file system calls on the loop's thread:", calls)


asyncio.run(main())
