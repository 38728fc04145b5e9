"""A lost update: three tasks read a shared counter, yield to the loop, write it back plus one.

Under plain python the three steps run in creation order, every task reads 0 before any writes,
and the counter ends at 1, not 3. Picking another order (``run_next``, ``--shuffle``) shows the
race: let one task finish before the next reads and the count comes out right.
"""

import asyncio

counter = 0


async def add(name: str) -> None:
    global counter
    value = counter
    print(f"{name} read {value}")
    await asyncio.sleep(0)
    counter = value + 1
    print(f"{name} wrote {counter}")


async def main() -> None:
    tasks = [asyncio.create_task(add(name), name=name) for name in ("One", "Two", "Three")]
    await asyncio.gather(*tasks)
    print(f"counter = {counter}")


asyncio.run(main())
