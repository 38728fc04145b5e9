"""Loops without asyncio.run: new_event_loop + set_event_loop, run_until_complete several
times, run_forever stopped by a callback, get_event_loop on the set loop, close."""

import asyncio


async def add(a: int, b: int) -> int:
    await asyncio.sleep(0.01)
    return a + b


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print("get_event_loop is the set loop:", asyncio.get_event_loop() is loop)
print(loop.run_until_complete(add(1, 2)), loop.run_until_complete(add(3, 4)))

task = loop.create_task(add(5, 6))
loop.call_later(0.05, loop.stop)
loop.run_forever()
print("after run_forever: task done", task.done(), task.result())

calls: list = []
loop.call_soon(calls.append, "soon")
loop.call_soon(loop.stop)
loop.run_forever()
print("calls:", calls, "running:", loop.is_running())

try:
    loop.run_until_complete(loop.create_future().__await__().__next__ and asyncio.sleep(0))
except Exception as exc:
    print("unexpected", exc)
print("still open:", not loop.is_closed())

gen_log: list = []


async def agen():
    try:
        yield 1
        yield 2
    finally:
        gen_log.append("agen finalized")


async def partial() -> int:
    g = agen()
    return await g.__anext__()


print("partial:", loop.run_until_complete(partial()))
loop.run_until_complete(loop.shutdown_asyncgens())
loop.run_until_complete(loop.shutdown_default_executor())
print("asyncgens:", gen_log)
loop.close()
try:
    loop.run_until_complete(add(0, 0))
except RuntimeError as exc:
    print("closed loop:", exc)
asyncio.set_event_loop(None)

other = asyncio.new_event_loop()
try:
    fut = other.create_future()
    other.call_later(0.01, fut.set_result, "from call_later")
    print(other.run_until_complete(fut))
    try:
        other.run_until_complete(add(1, "x"))
    except TypeError as exc:
        print("TypeError out of run_until_complete:", exc)
finally:
    other.close()
