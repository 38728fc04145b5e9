"""warnings from tasks: shown once per location by default, a filter that turns one into an
error, a DeprecationWarning in __main__, catch_warnings(record=True), a ResourceWarning."""

import asyncio
import warnings


def old_api() -> str:
    warnings.warn("old_api is deprecated", DeprecationWarning, stacklevel=2)
    return "old"


async def user(i: int) -> None:
    await asyncio.sleep(0.01 * i)
    warnings.warn(f"user warning from task {i}")
    print(f"task {i}: {old_api()}")


async def main() -> None:
    await asyncio.gather(*(user(i) for i in range(3)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("recorded", RuntimeWarning)
    print("recorded:", [(w.category.__name__, str(w.message)) for w in caught])
    warnings.filterwarnings("error", message="make me an error")
    try:
        warnings.warn("make me an error")
    except UserWarning as exc:
        print("raised:", exc)
    warnings.warn("explicit stacklevel", stacklevel=1)


asyncio.run(main())
