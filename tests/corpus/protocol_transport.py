"""Low-level protocols and transports: loop.create_server / create_connection with Protocols."""

import asyncio


class EchoServer(asyncio.Protocol):
    def __init__(self, lost: asyncio.Future) -> None:
        self.lost = lost

    def connection_made(self, transport: asyncio.Transport) -> None:
        print("server protocol: connection_made")
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        print(f"server protocol: data_received {data!r}")
        self.transport.write(data[::-1])

    def eof_received(self) -> None:
        print("server protocol: eof_received")

    def connection_lost(self, exc) -> None:
        print("server protocol: connection_lost, error:", exc)
        self.lost.set_result(None)


class Client(asyncio.Protocol):
    def __init__(self, replies: asyncio.Queue, closed: asyncio.Future) -> None:
        self.replies = replies
        self.closed = closed

    def data_received(self, data: bytes) -> None:
        self.replies.put_nowait(data)

    def connection_lost(self, exc) -> None:
        self.closed.set_result(exc)


async def main() -> None:
    loop = asyncio.get_running_loop()
    server_lost = loop.create_future()
    server = await loop.create_server(lambda: EchoServer(server_lost), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    replies: asyncio.Queue = asyncio.Queue()
    closed = loop.create_future()
    transport, _ = await loop.create_connection(lambda: Client(replies, closed), "127.0.0.1", port)
    for word in (b"stressed", b"drawer"):
        transport.write(word)
        print("client: reply", await replies.get())
    transport.write_eof()
    await server_lost  # the server closes its side after our EOF
    transport.close()
    print("client: closed, error:", await closed)
    server.close()
    await server.wait_closed()
    print("server closed")


asyncio.run(main())
