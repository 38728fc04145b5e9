"""UDP with loop.create_datagram_endpoint on 127.0.0.1: an echo server and a client."""

import asyncio


class EchoUDP(asyncio.DatagramProtocol):
    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        print(f"server: datagram {data!r}")
        self.transport.sendto(data.upper(), addr)


class ClientUDP(asyncio.DatagramProtocol):
    def __init__(self, inbox: asyncio.Queue) -> None:
        self.inbox = inbox

    def datagram_received(self, data: bytes, addr) -> None:
        self.inbox.put_nowait(data)


async def main() -> None:
    loop = asyncio.get_running_loop()
    server, _ = await loop.create_datagram_endpoint(EchoUDP, local_addr=("127.0.0.1", 0))
    addr = server.get_extra_info("sockname")
    inbox: asyncio.Queue = asyncio.Queue()
    client, _ = await loop.create_datagram_endpoint(lambda: ClientUDP(inbox), remote_addr=addr)
    for msg in (b"one", b"two", b"three"):
        client.sendto(msg)
        print("client: reply", await asyncio.wait_for(inbox.get(), timeout=5))
    client.close()
    server.close()
    await asyncio.sleep(0)
    print("closed:", client.is_closing(), server.is_closing())


asyncio.run(main())
