"""A line protocol over asyncio streams: several clients at once, readexactly, readuntil,
IncompleteReadError and LimitOverrunError, and a server closed while a client still waits."""

import asyncio


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    header = await reader.readexactly(4)
    size = int(header)
    body = await reader.readexactly(size)
    name = body.decode()
    writer.write(f"hello {name}|".encode())
    await writer.drain()
    try:
        rest = await reader.readuntil(b"|")
        writer.write(b"echo " + rest)
    except asyncio.IncompleteReadError as exc:
        writer.write(f"incomplete after {len(exc.partial)} bytes|".encode())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(port: int, name: str, tail: bytes) -> str:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = name.encode()
    writer.write(b"%04d" % len(data) + data)
    greeting = await reader.readuntil(b"|")
    writer.write(tail)
    if not tail.endswith(b"|"):
        writer.write_eof()
    reply = await reader.read()
    writer.close()
    await writer.wait_closed()
    return f"{name}: {greeting.decode()} {reply.decode()}"


async def limits() -> None:
    reader = asyncio.StreamReader(limit=8)
    reader.feed_data(b"0123456789abcdef\n")
    reader.feed_eof()
    try:
        await reader.readline()
    except ValueError as exc:
        print("readline over the limit:", type(exc).__name__, exc)
    reader = asyncio.StreamReader(limit=4)
    reader.feed_data(b"abcdefgh|")
    try:
        await reader.readuntil(b"|")
    except asyncio.LimitOverrunError as exc:
        print("readuntil over the limit:", exc.consumed)
    reader = asyncio.StreamReader()
    reader.feed_data(b"ab")
    reader.feed_eof()
    try:
        await reader.readexactly(5)
    except asyncio.IncompleteReadError as exc:
        print("readexactly short:", exc.partial, exc.expected)


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        results = await asyncio.gather(
            client(port, "ada", b"first|"),
            client(port, "grace", b"second|"),
            client(port, "linus", b"no bar at the end"),
        )
        for line in results:
            print(line)
    print("serving after the block:", server.is_serving())
    await limits()


asyncio.run(main())
