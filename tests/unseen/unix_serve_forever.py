"""A Unix-socket server run with serve_forever(), stopped by cancelling it once three clients
were served; sock_recv/sock_sendall on a socketpair; the socket file removed at the end."""

import asyncio
import os
import socket
import tempfile


async def main() -> None:
    served: list = []
    done = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        name = (await reader.readline()).decode().strip()
        served.append(name)
        writer.write(f"bye {name}\n".encode())
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        if len(served) == 3:
            done.set()

    path = os.path.join(tempfile.mkdtemp(), "server.sock")
    server = await asyncio.start_unix_server(handle, path)
    forever = asyncio.create_task(server.serve_forever())

    async def client(name: str) -> str:
        reader, writer = await asyncio.open_unix_connection(path)
        writer.write(f"{name}\n".encode())
        reply = await reader.readline()
        writer.close()
        await writer.wait_closed()
        return reply.decode().strip()

    print(await asyncio.gather(client("a"), client("b"), client("c")))
    await done.wait()
    forever.cancel()
    try:
        await forever
    except asyncio.CancelledError:
        print("serve_forever cancelled; serving:", server.is_serving())
    print("served:", sorted(served))

    loop = asyncio.get_running_loop()
    left, right = socket.socketpair()
    left.setblocking(False)
    right.setblocking(False)
    await loop.sock_sendall(left, b"ping")
    print("socketpair:", await loop.sock_recv(right, 16))
    left.close()
    right.close()
    if os.path.exists(path):  # 3.13 removes it when the server closes
        os.unlink(path)
    os.rmdir(os.path.dirname(path))


asyncio.run(main())
