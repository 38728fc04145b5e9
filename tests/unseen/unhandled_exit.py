"""An exception nobody catches, raised in a task two awaits deep, with a __cause__ and a note:
the interpreter's traceback on stderr and exit status 1 (the program's own finally runs)."""

import asyncio


async def parse(text: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        err = RuntimeError(f"bad config value {text!r}")
        err.add_note("while reading the config")
        raise err from exc


async def load() -> int:
    await asyncio.sleep(0.01)
    return await parse("twelve")


async def main() -> None:
    try:
        task = asyncio.create_task(load())
        print("loaded", await task)
    finally:
        print("main: finally runs")


asyncio.run(main())
