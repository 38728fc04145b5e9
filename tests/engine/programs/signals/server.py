"""A server that runs until it is told to stop: by Ctrl+C (KeyboardInterrupt out of
asyncio.run) or, with the argument ``term``, by SIGTERM through loop.add_signal_handler."""

import asyncio
import signal
import sys


async def handle(reader, writer):
    writer.close()


async def main():
    graceful = sys.argv[1:] == ["term"]
    stop = asyncio.Event()
    if graceful:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print("serving", flush=True)
    try:
        async with server:
            if graceful:
                await stop.wait()
                print("SIGTERM: shutting down")
            else:
                await server.serve_forever()
    finally:
        print("cleanup done")


asyncio.run(main())
