"""A streams echo server and client on 127.0.0.1 (port 0): start_server + open_connection."""

import asyncio

async def main() -> None:
    finished = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        print("server: client connected")
        while True:
            line = await reader.readline()
            if not line:
                print("server: EOF, closing")
                break
            print(f"server: got {line.decode().rstrip()!r}")
            writer.write(line.upper())
            await writer.drain()
        writer.close()
        await writer.wait_closed()
        finished.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("server: listening on 127.0.0.1 (port chosen by the OS)")

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for text in ["hello", "asyncio", "streams"]:
        writer.write(f"{text}\n".encode())
        await writer.drain()
        reply = await reader.readline()
        print(f"client: reply {reply.decode().rstrip()!r}")

    writer.write(b"no newline at the end")
    writer.write_eof()
    reply = await reader.read()
    print(f"client: read until EOF {reply!r}")
    writer.close()
    await writer.wait_closed()
    await finished.wait()

    server.close()
    await server.wait_closed()
    print("server: closed, serving =", server.is_serving())


asyncio.run(main())
