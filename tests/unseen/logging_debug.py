"""logging with asyncio's debug mode: the asyncio logger at DEBUG, a slow callback reported,
an error in a callback with where its handle was created, a never-awaited coroutine with where
it was created, and the program's own log lines."""

import asyncio
import logging
import time

logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("app")


class RoundSlow(logging.Filter):
    """The slow-callback warning says how long the step took: keep only that it was slow."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg.startswith("Executing %s took"):
            if "blocker" not in str(record.args[0]):
                return False  # another step, slow only because the machine is busy
            record.msg, record.args = "Executing %s took more than 0.1 s", record.args[:1]
        return True


logging.getLogger("asyncio").addFilter(RoundSlow())


async def blocker() -> None:
    time.sleep(0.15)  # longer than slow_callback_duration (0.1 s in debug mode)


async def orphan() -> None:
    pass


def fails() -> None:
    raise ValueError("in a callback, debug mode")


async def main() -> None:
    loop = asyncio.get_running_loop()
    log.info("debug mode: %s", loop.get_debug())
    await asyncio.create_task(blocker(), name="blocker")
    orphan()
    asyncio.get_running_loop().call_soon(fails)
    await asyncio.sleep(0)
    log.warning("done")


asyncio.run(main(), debug=True)
