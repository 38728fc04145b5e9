"""A TCP server on 127.0.0.1 and three clients, all waiting on their sockets for a while."""

import asyncio

server_side: list[asyncio.StreamWriter] = []
everyone_in = asyncio.Event()


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readline()  # the client's name
    server_side.append(writer)
    if len(server_side) == 3:
        everyone_in.set()
    await reader.readline()  # "bye"
    writer.close()
    await writer.wait_closed()


async def client(name: str, port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{name}\n".encode())
    await writer.drain()
    welcome = await reader.readline()
    print(f"{name}: {welcome.decode().strip()}")
    writer.write(b"bye\n")
    await writer.drain()
    await reader.read()  # until the server closes
    writer.close()
    await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    clients = [asyncio.create_task(client(f"client-{n}", port), name=f"client-{n}")
               for n in (1, 2, 3)]
    await everyone_in.wait()
    await asyncio.sleep(0.2)  # everyone sits on a socket now
    for writer in server_side:
        writer.write(b"welcome\n")
    await asyncio.gather(*clients)
    server.close()
    await server.wait_closed()
    print("all done")


asyncio.run(main())
