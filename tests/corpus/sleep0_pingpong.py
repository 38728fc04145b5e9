"""asyncio.sleep(0) ping-pong: each task yields once per turn, the switches strictly alternate."""

import asyncio

turns: list = []


async def player(name: str, rounds: int) -> None:
    for i in range(rounds):
        print(f"{name} {i}")
        turns.append(name)
        await asyncio.sleep(0)  # yield to the loop: the other player runs next


async def main() -> None:
    await asyncio.gather(player("ping", 5), player("pong", 5))
    print("alternated:", all(a != b for a, b in zip(turns, turns[1:], strict=False)))

    # Three players and one that yields twice per turn.
    async def double(name: str) -> None:
        for i in range(3):
            print(f"{name} {i}")
            await asyncio.sleep(0)
            await asyncio.sleep(0)

    await asyncio.gather(player("a", 3), player("b", 3), double("slow"))


asyncio.run(main())
