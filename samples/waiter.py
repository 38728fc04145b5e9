"""The waiter analogy: one waiter serves many tables, one event loop runs many tasks.

What it teaches
---------------
A restaurant with a single waiter does not need one waiter per table. The waiter hands a
menu to a table, and while that table is deciding he walks on to the next one. He only comes
back when a table signals that its order is ready.

* The waiter is the **event loop**: there is only one, and it does one thing at a time.
* Each table is a **task** (``asyncio.create_task(..., name="Table 1")``).
* ``await asyncio.sleep(decide_time)`` is the table handing the waiter an "order sheet" that
  says "come back in ``decide_time`` seconds". The table lets go of the waiter right there.
* When the time is up the waiter comes back and serves the table (the task resumes after its
  ``await``).

Because nobody holds on to the waiter while they think, four tables that need 3, 5, 7 and 2
seconds to decide are all served after 7 seconds, not after 3 + 5 + 7 + 2 = 17 seconds.

Run it with plain ``python samples/waiter.py`` (about 7 s), or step through it with
``loopscope samples/waiter.py`` and watch the waiter go from table to table.
"""

import asyncio
import random

from codetiming import Timer

# A fixed seed makes the "random" decision times the same on every run: 3, 5, 7 and 2 s.
SEED = 208
rng = random.Random(SEED)


async def table(name: str, decide_time: int) -> None:
    """One table: read the menu, decide, get served."""
    # The Timer prints "Table 1 ordered after 3.0 s" when the `with` block ends.
    with Timer(text=f"{name} ordered after {{:.1f}} s"):
        print(f"{name} reads the menu ({decide_time} s to decide)")
        # The order sheet: "come back in `decide_time` seconds". This `await` is where the
        # table gives the waiter back to the loop, so he can serve the other tables.
        await asyncio.sleep(decide_time)
    # The waiter is back at this table: the task resumed after its `await`.
    print(f"Waiter serves {name}")


async def main() -> None:
    # Whole seconds between 1 and 7 for each table, from the seeded generator.
    decide_times = {f"Table {i}": rng.randint(1, 7) for i in range(1, 5)}

    with Timer(text="Total elapsed time: {:.1f}"):
        # Seat every table first. create_task() only puts the table on the waiter's list;
        # nothing runs until main() itself lets go of the waiter at the `await` below.
        tables = [
            asyncio.create_task(table(name, seconds), name=name)
            for name, seconds in decide_times.items()
        ]
        print(f"The waiter has seated {len(tables)} tables")
        # Wait until every table has been served.
        await asyncio.gather(*tables)


if __name__ == "__main__":
    asyncio.run(main())
