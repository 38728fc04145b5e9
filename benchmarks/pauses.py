"""Debuggee cost per pause and bytes per step, with N tasks of which one moves.

Run as ``python -m benchmarks.pauses N STEPS [gather]`` in a fresh process: the engine runs in-process
(a ``Stepper`` on a ``SteppingEventLoop``, as the agent sets them up) with a channel that
answers every pause with ``step`` at once, so the time a pause takes is the debuggee's own
work: building the snapshot (a delta), encoding it, and the ``paused``/``resumed`` events. The
program: N tasks asleep on long timers and one ticker that sleeps on short timers, so each
step moves one task and one timer; with ``gather`` the main task awaits a ``gather`` of them
all, as in ``workloads/sleepers.py`` (10,000 await edges, of which none changes). Prints one JSON line: medians and p90 over the pauses, the
bytes of each pause's events, and, for comparison, the cost and size of one whole snapshot.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from typing import Any

from loopscope import protocol
from loopscope.engine.clock import VirtualClock
from loopscope.engine.loop import Session, install_factories
from loopscope.engine.stepper import Stepper


class _Channel:
    def __init__(self, steps: int) -> None:
        self.steps = steps
        self.pauses = 0
        self.bytes = 0
        self.sizes: list[int] = []

    def emit(self, message: dict[str, Any], flush: bool = False) -> None:
        self.bytes += len(protocol.encode(message))

    def flush(self) -> None:
        pass

    def next_command(self) -> dict[str, Any]:
        # Continue from the start (the tasks start), step from the time limit on.
        self.pauses += 1
        return {"kind": "step" if 1 < self.pauses < self.steps else "continue"}


class _TimedStepper(Stepper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.costs: list[float] = []
        #: The same in CPU time of this thread (what a busy machine does not inflate).
        self.cpu: list[float] = []

    def pause(self, loop: Any, reason: str, next_handle: Any) -> None:
        channel: _Channel = self.channel  # type: ignore[assignment]
        before = channel.bytes
        started, cpu = time.perf_counter(), time.thread_time()
        super().pause(loop, reason, next_handle)
        self.costs.append(time.perf_counter() - started)
        self.cpu.append(time.thread_time() - cpu)
        channel.sizes.append(channel.bytes - before)
        if channel.pauses == channel.steps - 1:
            started = time.perf_counter()
            whole = protocol.encode({"kind": "paused", "reason": reason,
                                     "snapshot": self.fresh_snapshot(loop, next_handle)})
            self.whole = (time.perf_counter() - started, len(whole))


async def _program(tasks: int, steps: int, gather: bool) -> None:
    async def sleeper(i: int) -> None:
        await asyncio.sleep(10_000 + i)

    async def ticker() -> None:
        for _ in range(steps + 10):
            await asyncio.sleep(0.001)

    sleepers = [asyncio.create_task(sleeper(i), name=f"sleeper {i}") for i in range(tasks)]
    await asyncio.sleep(1)  # all asleep; the time limit (0.5) pauses here
    tick = asyncio.create_task(ticker(), name="ticker")
    if gather:
        sleepers.append(tick)
        every = asyncio.gather(*sleepers)
        tick.add_done_callback(lambda _: every.cancel())
        await asyncio.gather(every, return_exceptions=True)
    else:
        await tick
    for task in sleepers:
        task.cancel()


def measure(tasks: int, steps: int, gather: bool = False) -> dict[str, Any]:
    channel = _Channel(steps + 3)
    stepper = _TimedStepper(channel, VirtualClock(virtual=True), mode="interactive",
                            time_limit=0.5)
    install_factories()
    Session(stepper.clock, stepper).activate()
    asyncio.run(_program(tasks, steps, gather))
    # The first pauses are whole snapshots (the start, after the continue): not steps.
    costs, sizes = stepper.costs[3:steps + 3], channel.sizes[3:steps + 3]
    cpu = stepper.cpu[3:steps + 3]
    ordered = sorted(costs)
    return {"tasks": tasks, "gather": gather, "pauses": len(costs),
            "median_ms": statistics.median(costs) * 1000,
            "p90_ms": ordered[int(len(ordered) * 0.9)] * 1000,
            "cpu_median_ms": statistics.median(cpu) * 1000,
            "median_bytes": statistics.median(sizes), "max_bytes": max(sizes),
            "whole_ms": stepper.whole[0] * 1000, "whole_bytes": stepper.whole[1]}


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:4] == ["gather"])))
