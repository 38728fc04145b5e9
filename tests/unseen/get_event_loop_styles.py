"""The old styles of getting a loop: get_event_loop() after set_event_loop, inside a coroutine,
after the loop was closed, and the policy's loop."""

import asyncio
import warnings


async def where() -> bool:
    return asyncio.get_event_loop() is asyncio.get_running_loop()


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print("inside a coroutine, get_event_loop is the running loop:",
      loop.run_until_complete(where()))
print("outside, the set loop:", asyncio.get_event_loop() is loop)
loop.close()
print("a closed loop is still returned:", asyncio.get_event_loop() is loop)
asyncio.set_event_loop(None)
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        asyncio.get_event_loop()
    print("no loop set: get_event_loop made none? it did")
except RuntimeError as exc:
    print("no loop set:", exc)

policy = asyncio.get_event_loop_policy()
fresh = policy.new_event_loop()
print("policy's new loop runs:", fresh.run_until_complete(asyncio.sleep(0.01, result="yes")))
fresh.close()
print("asyncio.run after all that:", asyncio.run(where()))
