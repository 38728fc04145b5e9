"""A task waits on a socket that a thread writes to once a line arrives on stdin."""

import asyncio
import socket
import sys
import threading


def relay(out: socket.socket) -> None:
    out.sendall(sys.stdin.readline().encode())


async def main() -> None:
    ours, theirs = socket.socketpair()
    threading.Thread(target=relay, args=(theirs,), name="relay", daemon=True).start()
    reader, writer = await asyncio.open_connection(sock=ours)
    line = await reader.readline()
    print(f"got {line.decode().strip()}")
    writer.close()


asyncio.run(main())
