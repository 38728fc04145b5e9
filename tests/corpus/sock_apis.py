"""loop.sock_sendall / sock_recv on a non-blocking socket.socketpair(), and add_reader."""

import asyncio
import socket


async def main() -> None:
    loop = asyncio.get_running_loop()
    left, right = socket.socketpair()
    left.setblocking(False)
    right.setblocking(False)

    acks: asyncio.Queue = asyncio.Queue()

    async def receiver() -> None:
        for _ in range(2):
            data = await loop.sock_recv(right, 100)
            print("receiver got", data)
            acks.put_nowait(data)

    task = asyncio.create_task(receiver())
    await asyncio.sleep(0)
    for message in (b"first", b"second"):
        await loop.sock_sendall(left, message)
        print("sender: acknowledged", await acks.get())
    await task

    readable = asyncio.Event()

    def on_readable() -> None:
        print("add_reader callback: fd is readable, data", right.recv(100))
        loop.remove_reader(right.fileno())
        readable.set()

    loop.add_reader(right.fileno(), on_readable)
    print("reader registered")
    await asyncio.sleep(0.01)
    left.send(b"third")
    await readable.wait()
    print("removed again:", loop.remove_reader(right.fileno()))
    left.close()
    right.close()


asyncio.run(main())
