"""The program closes its own stdout, then carries on, then exits 3."""

import asyncio
import os
import sys


async def main() -> None:
    print("before closing", flush=True)
    await asyncio.sleep(0.1)
    sys.stdout.close()
    os.close(1)
    await asyncio.sleep(0.1)
    sys.stderr.write("stderr still works\n")
    sys.exit(3)


asyncio.run(main())
