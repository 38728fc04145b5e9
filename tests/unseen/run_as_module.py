"""Run as a script and as ``python -m run_as_module``: argv, __spec__, the stack the program
prints, and the traceback of an exception nobody catches (with runpy's frames under -m)."""

import asyncio
import os
import sys
import traceback


async def main() -> None:
    print("argv[0]:", os.path.basename(sys.argv[0]), "| args:", sys.argv[1:])
    print("__spec__:", __spec__.name if __spec__ else None, "| __package__:", repr(__package__))
    print("sys.path[0] is the folder:", os.path.samefile(sys.path[0], os.path.dirname(__file__)))
    print("globals:", sorted(k for k in globals() if k.startswith("__")))
    traceback.print_stack()
    await asyncio.sleep(0)
    raise RuntimeError("nobody catches this")


asyncio.run(main())
