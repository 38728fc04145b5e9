"""The await edges of a ``gather`` of N tasks: what ``awaitgraph.await_edges`` costs a pause.

Run as ``python -m benchmarks.edges N``: N tasks asleep, one task awaiting a ``gather`` of all
of them (as ``workloads/sleepers.py`` does, so N edges), and the edges computed 10 times from
the tasks given as the stepper gives them. Prints one JSON line: the median CPU time of a call
and the number of edges.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from typing import Any

from loopscope.engine import awaitgraph
from loopscope.engine.snapshot import TaskRegistry


async def _measure(count: int) -> dict[str, Any]:
    async def sleeper() -> None:
        await asyncio.sleep(10_000)

    async def main() -> None:
        await asyncio.gather(*sleepers)

    sleepers = [asyncio.create_task(sleeper()) for _ in range(count)]
    waiter = asyncio.create_task(main())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    registry = TaskRegistry()
    known = [*sleepers, waiter]
    for task in known:
        registry.id_of(task)
    loop = asyncio.get_running_loop()
    times = []
    for _ in range(10):
        started = time.thread_time()
        edges = awaitgraph.await_edges(loop, registry, lambda: known)
        times.append(time.thread_time() - started)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    return {"tasks": count, "edges": len(edges), "cpu_median_ms": statistics.median(times) * 1000}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_measure(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))))
