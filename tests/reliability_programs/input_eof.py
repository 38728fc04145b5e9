"""input() with no input given: EOFError at the end of stdin, exit status 1."""

import asyncio


async def main() -> None:
    print("asking", flush=True)
    await asyncio.sleep(0.1)
    answer = input("name? ")
    print("got", answer)


asyncio.run(main())
