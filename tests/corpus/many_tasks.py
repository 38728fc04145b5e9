"""Two thousand tasks yielding with sleep(0): a long but deterministic round-robin."""

import asyncio
import hashlib

N = 2000
ROUNDS = 5


async def worker(i: int, log: list) -> int:
    total = 0
    for r in range(ROUNDS):
        log.append(i)
        total += i * r
        await asyncio.sleep(0)
    return total


async def main() -> None:
    log: list = []
    results = await asyncio.gather(*(worker(i, log) for i in range(N)))
    print("steps logged:", len(log))
    print("sum of results:", sum(results))
    print("round-robin order:", log[: N * ROUNDS] == list(range(N)) * ROUNDS)
    print("order digest:", hashlib.sha256(repr(log).encode()).hexdigest()[:16])
    print("tasks left:", len(asyncio.all_tasks()) - 1)


asyncio.run(main())
