"""A task that enters pdb in the step loopscope line-steps: ``pdb.set_trace()`` (what
``breakpoint()`` calls under plain python) traces with ``sys.monitoring``'s debugger tool id from
3.14 on, so the line step must hold another one. pdb reads its commands from stdin."""

import asyncio
import pdb


async def stepped() -> None:
    value = 1
    pdb.set_trace()
    value += 1
    print("value", value)
    await asyncio.sleep(1)
    print("done")


async def main() -> None:
    await asyncio.create_task(stepped(), name="Stepped")


asyncio.run(main())
