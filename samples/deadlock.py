"""A deadlock: two tasks each wait for the other to go first.

What it teaches
---------------
* ``await event.wait()`` suspends a task until someone calls ``event.set()``.
* Alice sets her event only *after* Bob's event is set, and Bob sets his only after Alice's.
  Both wait, nobody sets anything: a deadlock. Nothing is running, nothing is ready, no timer
  is pending and no I/O can arrive, so nothing can ever wake them.

WARNING: under plain ``python`` this program HANGS FOREVER. That is the point: asyncio itself
does not notice, the loop just sleeps in ``select()``. Press Ctrl+C to stop it (or run it with
``timeout 2 python samples/deadlock.py``).

``loopscope samples/deadlock.py`` reports the deadlock instead, and shows both tasks parked
at their ``await ...wait()`` line, each waiting on the other one's Event.
"""

import asyncio


async def alice(alice_done: asyncio.Event, bob_done: asyncio.Event) -> None:
    print("Alice: I'll go after Bob")
    await bob_done.wait()  # waits for Bob... who waits for Alice
    print("Alice: my turn")  # never printed
    alice_done.set()


async def bob(alice_done: asyncio.Event, bob_done: asyncio.Event) -> None:
    print("Bob: I'll go after Alice")
    await alice_done.wait()  # waits for Alice... who waits for Bob
    print("Bob: my turn")  # never printed
    bob_done.set()


async def main() -> None:
    alice_done = asyncio.Event()
    bob_done = asyncio.Event()
    await asyncio.gather(
        asyncio.create_task(alice(alice_done, bob_done), name="Alice"),
        asyncio.create_task(bob(alice_done, bob_done), name="Bob"),
    )
    print("Both done")  # never printed: gather() waits forever


if __name__ == "__main__":
    asyncio.run(main())
