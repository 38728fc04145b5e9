"""Three executor jobs held running while the loop pauses: ``asyncio.to_thread``,
``loop.run_in_executor``, and the name lookup of an ``open_connection`` to a local server
(asyncio runs ``socket.getaddrinfo`` in the default executor for a host that is not an address).

Each job takes ``gate``, reports to the loop, and waits on ``gate`` (which lets it go). Once
``main`` has heard all three, taking ``gate`` itself proves that each job is inside its wait:
the pauses that follow, up to ``open_gate()``, see three running jobs on their ``wait_for``
lines, whatever the threads' timing. The lookup is made to wait by wrapping
``socket.getaddrinfo`` (the function asyncio looks up at each call) once the server listens.
"""

import asyncio
import socket
import threading
from typing import Any

gate = threading.Condition()
is_open = False
real_getaddrinfo = socket.getaddrinfo
loop: asyncio.AbstractEventLoop
arrived: asyncio.Queue[str]


def report(name: str) -> None:
    loop.call_soon_threadsafe(arrived.put_nowait, name)


def opened() -> bool:
    return is_open


def slow_getaddrinfo(*args: Any, **kwargs: Any) -> Any:
    with gate:
        report("lookup")
        gate.wait_for(opened)
    return real_getaddrinfo(*args, **kwargs)


def to_thread_job() -> str:
    with gate:
        report("to_thread")
        gate.wait_for(opened)
    return "to_thread done"


def executor_job() -> str:
    with gate:
        report("executor")
        gate.wait_for(opened)
    return "executor done"


def open_gate() -> None:
    global is_open
    with gate:
        is_open = True
        gate.notify_all()


async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"hello\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def in_executor() -> str:
    return await loop.run_in_executor(None, executor_job)


async def connect(port: int) -> str:
    reader, writer = await asyncio.open_connection("localhost", port, family=socket.AF_INET)
    line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return line.decode().strip()


async def main() -> None:
    global loop, arrived
    loop = asyncio.get_running_loop()
    arrived = asyncio.Queue()
    server = await asyncio.start_server(greet, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    socket.getaddrinfo = slow_getaddrinfo
    jobs = [
        asyncio.create_task(asyncio.to_thread(to_thread_job), name="thread"),
        asyncio.create_task(in_executor(), name="executor"),
        asyncio.create_task(connect(port), name="connect"),
    ]
    names = sorted([await arrived.get() for _ in jobs])
    with gate:
        pass  # a job holds the gate from its report until it waits: all three wait now
    print("started:", ", ".join(names))
    await asyncio.sleep(0)  # the pauses from here to open_gate() see the three jobs waiting
    await asyncio.sleep(0)
    open_gate()
    for result in await asyncio.gather(*jobs):
        print(result)
    socket.getaddrinfo = real_getaddrinfo
    server.close()
    await server.wait_closed()


asyncio.run(main())
