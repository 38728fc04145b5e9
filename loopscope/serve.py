"""``loopscope serve``: the debugger in a browser, one fresh ``loopscope`` process per visitor.

textual-serve already does the hard part: each browser session gets its own process running a
command, with the page's xterm.js terminal wired to it over a websocket. So the served thing is
not an app object but a command line, the very ``loopscope SCRIPT`` a user would type, rebuilt
from the parsed options (``command_line``) so that every option of the debugger, including ones
added later, reaches the served UI without this module knowing it.

Serving is running code: whoever opens the page runs the script (and may restart it) with the
server's permissions. Hence the loopback default and the warning for any other address. The
listening socket is bound here, before the web application starts, for three reasons: a port in
use or an address that is not ours is one line on stderr and exit status 2 instead of a
traceback from inside aiohttp; ``--port 0`` works (the OS picks, and the line that announces the
server says which); and the address printed is the one actually bound.

The page's websocket address is built from the address the browser used (its Host header), not
from ``--host``: a page fetched from ``http://192.168.1.20:8000`` while serving ``0.0.0.0`` must
not tell the browser to connect to ``ws://0.0.0.0:8000``.

Who may come in is ``serve_guard``'s (Host, Origin, the run's token, in front of every route);
how a visitor's processes end with the server is ``serve_visitor``'s. What is left here is the
room: at most ``--max-visitors`` sessions at once, each costing a UI and a debuggee, counted
from the websocket's start to the end of its processes. A page asked for beyond that says the
room is full and tries again by itself, so a visitor who reloads at the limit (the new page is
fetched before the old one's session ends) gets in a moment later.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import ipaddress
import shlex
import signal
import socket
import sys
import weakref
from collections.abc import Sequence

from aiohttp import WSCloseCode, web
from textual_serve.server import Server, to_int

from .serve_guard import Guard, parse_origin
from .serve_visitor import VisitorProcess

#: How long a served UI may take to quit after the server asks it to (on Ctrl+C / SIGTERM).
QUIT_GRACE = 5.0

#: Sessions at once unless ``--max-visitors`` says otherwise.
MAX_VISITORS = 8

#: How often the "room is full" page tries again, in seconds.
FULL_RETRY = 5

FULL_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="{retry}">
<title>{title}: the room is full</title></head>
<body style="background:#0c181f;color:#eee;font-family:monospace;padding:2em">
<h1>The room is full</h1>
<p>{who} using {title}, as many as this server lets in at once
(<code>loopscope serve --max-visitors</code>). This page tries again every {retry} seconds:
you get in when someone leaves.</p>
</body></html>
"""


class ServeError(Exception):
    """The server cannot start (bad host, port in use): one line for the user."""


def command_line(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    """The options of ``args`` that ``parser`` knows and that differ from its defaults, as argv.

    ``parser`` is the debugger's (``args`` comes from serve's, which has more options: those are
    left out). Generic over the actions so that an option added to the debugger later is passed
    on without a change here. Positionals (the target and its arguments) come last, after every
    option, as the debugger's parser expects them."""
    options: list[str] = []
    positionals: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        value = getattr(args, action.dest, action.default)
        if not action.option_strings:
            positionals.extend(value if isinstance(value, list) else [value])
            continue
        flag = action.option_strings[-1]
        if isinstance(action, argparse._StoreTrueAction):
            if value:
                options.append(flag)
        elif isinstance(action, argparse._AppendAction):
            for item in value or []:
                options += [flag, str(item)]
        elif value is not None and value != action.default:
            options += [flag, str(value)]
    if positionals and positionals[0].startswith("-"):
        positionals.insert(0, "--")  # a script named "-x.py" is not an option
    return options + positionals


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (not yet listening), or ``ServeError``."""
    if not 0 <= port <= 65535:
        raise ServeError(f"--port must be between 0 and 65535, not {port}")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"cannot serve on {host!r}: {getattr(exc, 'strerror', exc) or exc}") \
            from None
    family, kind, proto, _, address = found[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        where = f"{host}:{port}"
        raise ServeError(f"cannot serve on {where}: {exc.strerror or exc}") from None
    return sock


def is_loopback(sock: socket.socket) -> bool:
    """Whether ``sock`` is bound to a loopback address (127.0.0.0/8, ::1)."""
    return ipaddress.ip_address(sock.getsockname()[0]).is_loopback


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class LoopscopeServer(Server):
    """textual-serve's ``Server`` on a socket we bound, behind a ``Guard``, with a clean
    shutdown of the sessions and a limit on how many run at once."""

    def __init__(self, command: str, sock: socket.socket, title: str, guard: Guard,
                 max_visitors: int = MAX_VISITORS) -> None:
        super().__init__(command, host=sock.getsockname()[0], port=sock.getsockname()[1],
                         title=title)
        self.sock = sock
        self.guard = guard
        self.max_visitors = max_visitors
        #: Sessions started and not yet ended (their processes included).
        self.visitors = 0
        self._websockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()
        self._services: set[VisitorProcess] = set()

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard.middleware())
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Nothing (the base class prints a logo): ``_announce`` says where we listen."""

    def _announce(self, *_: object) -> None:
        # Called by web.run_app once the socket listens (not on_startup, which runs before): the
        # line a script waiting for the server reads, so a connect after it always succeeds.
        print(f"loopscope: serving {self.title} on {url_of(self.sock)}/?token={self.guard.token}"
              " (Ctrl+C to stop)", flush=True)

    def _full(self) -> bool:
        return self.visitors >= self.max_visitors

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every session's websocket: each served UI is told to quit and is waited for."""
        for websocket in list(self._websockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self._full():
            who = "1 visitor is" if self.visitors == 1 else f"{self.visitors} visitors are"
            page = FULL_PAGE.format(retry=FULL_RETRY, who=who, title=html.escape(self.title))
            return web.Response(status=503, text=page, content_type="text/html",
                                headers={"Retry-After": str(FULL_RETRY)})
        # handle_index builds the page's URLs from public_url and does not await before it has
        # used it, so setting it here, per request, cannot leak into another request's page.
        self.public_url = self.guard.public_url(request)
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser session: one ``loopscope`` process (the base class's handler, plus the
        bookkeeping ``on_shutdown`` and the room's limit need)."""
        if self._full():  # two pages fetched at once, then both connecting
            raise web.HTTPServiceUnavailable(
                text=f"loopscope: the room is full ({self.visitors} visitors)\n")
        self.visitors += 1
        try:
            return await self._session(request)
        finally:
            self.visitors -= 1

    async def _session(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        self._websockets.add(websocket)

        async def close() -> None:
            await websocket.close()

        service = VisitorProcess(self.command, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=close,
                                 download_manager=self.download_manager, debug=self.debug)
        self._services.add(service)
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            # Tells the UI to quit and waits until its process has ended (it ends its debuggee);
            # one that does not within the grace is killed with its process group.
            try:
                await asyncio.wait_for(service.stop(), QUIT_GRACE)
            except TimeoutError:
                service.kill()
            self._services.discard(service)
        return websocket

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C, SIGTERM or SIGHUP (the base class's ``serve``, on our socket)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        # SIGHUP too: the terminal the server ran in was closed.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, self.request_exit)
        try:
            web.run_app(self._make_app(), sock=self.sock, handle_signals=False, loop=loop,
                        print=self._announce, shutdown_timeout=QUIT_GRACE)
        finally:
            for service in list(self._services):  # cut short by the shutdown's timeout
                service.kill()


def run(ui_argv: list[str], host: str, port: int, exposed: str, *,
        allow_origins: Sequence[str] = (), max_visitors: int = MAX_VISITORS) -> int:
    """Serve ``loopscope UI_ARGV...`` on ``host:port`` until interrupted; the exit status.

    ``exposed`` says what a visitor can do, for the warning when the address is not loopback
    ("run samples/waiter.py with your permissions"). ``allow_origins``: the origins of reverse
    proxies whose pages may use the server too; ``max_visitors``: sessions at once."""
    if max_visitors < 1:
        raise ServeError(f"--max-visitors must be 1 or more, not {max_visitors}")
    try:
        origins = [parse_origin(origin) for origin in allow_origins]
    except ValueError as exc:
        raise ServeError(f"--allow-origin: {exc}") from None
    sock = bind(host, port)
    if not is_loopback(sock):
        print(f"loopscope: warning: serving on {host}, not on a loopback address: anyone who "
              f"can reach port {sock.getsockname()[1]} of this machine can {exposed}",
              file=sys.stderr, flush=True)
    address = sock.getsockname()[0]
    guard = Guard(port=sock.getsockname()[1], names=[host, address],
                  any_address=ipaddress.ip_address(address).is_unspecified,
                  allowed_origins=origins)
    command = shlex.join([sys.executable, "-m", "loopscope", *ui_argv])
    LoopscopeServer(command, sock, title="loopscope " + shlex.join(ui_argv), guard=guard,
                    max_visitors=max_visitors).serve()
    return 0
