"""Prints a line at every switch, then says on stderr how many pieces of its output the engine
still holds for a step report (``Stepper._step_output``): run under ``continue``, no step is
reported, so that must stay small whatever the number of switches."""

import asyncio
import sys

SWITCHES = 20_000


async def main() -> None:
    for i in range(SWITCHES):
        print(f"line {i}")
        await asyncio.sleep(0)
    held = asyncio.get_running_loop()._controller._step_output  # type: ignore[attr-defined]
    print(f"held {len(held)}", file=sys.stderr)


asyncio.run(main())
