"""The __main__ guard, sys.argv, __file__, sys.path[0] and the module's globals as a script sees
them."""

import asyncio
import os
import sys


async def main(argv: list) -> int:
    await asyncio.sleep(0)
    print("argv[1:]:", argv[1:])
    print("argv[0] basename:", os.path.basename(argv[0]))
    print("__name__:", __name__)
    print("__file__ is absolute:", os.path.isabs(__file__), os.path.basename(__file__))
    print("sys.path[0] is the script folder:",
          sys.path[0] == os.path.dirname(os.path.realpath(__file__)))
    print("__spec__:", __spec__, "| __package__:", __package__)
    print("__doc__ starts:", __doc__.split()[0])
    print("main module is this one:", sys.modules["__main__"].main is main)
    print("stdout: isatty", sys.stdout.isatty(), "encoding", sys.stdout.encoding)
    print("flags: optimize", sys.flags.optimize, "| warnoptions", sys.warnoptions)
    return len(argv)


if __name__ == "__main__":
    status = asyncio.run(main(sys.argv))
    print("returned", status)
    sys.exit(status)
