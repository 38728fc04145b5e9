"""``loopscope serve`` against visitors it must not serve, or not all at once (issue 14).

The real server, spoken to as a browser would, at the HTTP and WebSocket level (aiohttp's
client, http.client): another site's page (a foreign Host: DNS rebinding; a foreign Origin: a
WebSocket opened by any page) is refused with one line; so is anyone without the run's token;
the room holds ``--max-visitors`` sessions and says when it is full; ``x`` in a served session
is a download for the browser, not a file in the server's directory; and whatever ends the
server (``kill -9``, SIGHUP) ends every visitor's UI and debuggee. Every wait is for a
condition with a deadline (``DEADLINE``); nothing sleeps and hopes.
"""

from __future__ import annotations

import asyncio
import http.client
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from .conftest import REPO, program
from .test_serve import DEADLINE, Served, _command, _descendants, _ended, serving

pytestmark = pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")

ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=$]*[A-Za-z~]|\][^\x07]*\x07|[()][A-Z0-9])")


def _get(served: Served, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
    """GET ``path`` from the server with ``headers`` (Host included: as a browser sends it)."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=DEADLINE)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{served.port}", **headers})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def _cookie(served: Served) -> str:
    return f"loopscope-{served.port}={served.token}"


def _own(served: Served) -> dict[str, str]:
    """What the page the server gave out sends: its Origin and the cookie set on its visit."""
    return {"Origin": f"http://127.0.0.1:{served.port}", "Cookie": _cookie(served)}


class Visitor:
    """A session as textual-serve's page opens it; what the server sends is read all along."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.screen = ""
        self.messages: list[list[object]] = []
        self._news = asyncio.Event()

    async def read(self) -> None:
        data = bytearray()
        async for message in self.websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                data += message.data
                self.screen = ESCAPES.sub("", data.decode(errors="replace"))
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.messages.append(message.json())
            self._news.set()
        self._news.set()

    async def until(self, done: str) -> None:
        """Wait until the screen has shown ``done``."""
        await self._wait(lambda: done in self.screen, f"{done!r} never appeared")

    async def message(self, kind: str) -> list[object]:
        """Wait for the first text message of ``kind``; the message."""
        await self._wait(lambda: any(m[0] == kind for m in self.messages),
                         f"no {kind!r} message came")
        return next(m for m in self.messages if m[0] == kind)

    async def ended(self) -> None:
        """Wait until the server has closed the session (or the connection is gone)."""
        await self._wait(lambda: self.websocket.closed, "the session was never closed",
                         closed_is_failure=False)

    async def _wait(self, done: Callable[[], bool], failure: str, *,
                    closed_is_failure: bool = True) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + DEADLINE
        while not done():
            self._news.clear()
            if (closed_is_failure and self.websocket.closed) or loop.time() > deadline:
                raise AssertionError(f"{failure}; the screen so far:\n{self.screen[-2000:]}")
            try:
                await asyncio.wait_for(self._news.wait(), deadline - loop.time())
            except TimeoutError:
                pass


@asynccontextmanager
async def visiting(served: Served, **headers: str) -> AsyncIterator[Visitor]:
    """A session on ``served`` (with ``headers``, the page's own by default), closed on the way
    out; its first screen is shown before it is yielded."""
    url = f"ws://127.0.0.1:{served.port}/ws?width=140&height=45"
    async with aiohttp.ClientSession() as client, \
            client.ws_connect(url, headers=headers or _own(served)) as websocket:
        visitor = Visitor(websocket)
        reader = asyncio.create_task(visitor.read())
        try:
            await visitor.until("Ready queue")
            yield visitor
        finally:
            await websocket.close()
            await reader


async def _refused(served: Served, **headers: str) -> int:
    """The status of a refused WebSocket handshake with ``headers``."""
    url = f"ws://127.0.0.1:{served.port}/ws?width=140&height=45"
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with client.ws_connect(url, headers=headers):
                pass
    return refused.value.status


def test_pages_of_other_sites_are_refused(tmp_path: Path) -> None:
    with serving(tmp_path, "--port", "0", "--allow-origin", "https://debug.example.com",
                 program("waiter.py")) as served:
        port, token = served.port, f"/?token={served.token}"
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
            assert _get(served, token, Host=host)[0] == 200, host
        # DNS rebinding: evil.example's name resolved to 127.0.0.1.
        status, _, body = _get(served, token, Host=f"evil.example:{port}")
        assert (status, body) == (403, (
            f"loopscope: refused: Host 'evil.example:{port}' is not a name of this server (a "
            "reverse proxy is allowed with --allow-origin)\n"))
        assert _get(served, token, Host=f"localhost:{port + 1}")[0] == 403
        status, _, body = _get(served, token, Origin="http://evil.example")
        assert (status, body) == (403, (
            "loopscope: refused: a request from a page of 'http://evil.example', not of this "
            "server (a reverse proxy is allowed with --allow-origin)\n"))
        # The reverse proxy's page: its websocket goes back through the proxy.
        status, _, body = _get(served, token, Host="debug.example.com",
                               Origin="https://debug.example.com")
        assert status == 200
        assert 'data-session-websocket-url="wss://debug.example.com/ws"' in body

        # Any page may open a WebSocket to 127.0.0.1; the token does not make it ours.
        cookie = _cookie(served)
        assert asyncio.run(_refused(served, Origin="http://evil.example", Cookie=cookie)) == 403
        assert asyncio.run(_refused(served, Host=f"evil.example:{port}",
                                    Origin=f"http://evil.example:{port}", Cookie=cookie)) == 403
        assert _descendants(served.process.pid) == set()  # no session was started
    assert served.process.returncode == 0


def test_the_page_and_its_websocket_need_the_token(tmp_path: Path) -> None:
    with serving(tmp_path, "--port", "0", program("waiter.py")) as served:
        refusal = ("loopscope: refused: no valid token: open the address `loopscope serve` "
                   "printed, with its ?token=\n")
        assert _get(served, "/")[::2] == (403, refusal)
        assert _get(served, "/?token=guessed")[::2] == (403, refusal)
        assert _get(served, "/static/js/textual.js")[0] == 403
        assert asyncio.run(_refused(served, Origin=f"http://127.0.0.1:{served.port}")) == 403

        status, headers, _ = _get(served, f"/?token={served.token}")
        assert status == 200
        assert headers["Set-Cookie"] == (f"{_cookie(served)}; HttpOnly; Path=/; "
                                         "SameSite=Strict")
        assert _get(served, "/", Cookie=_cookie(served))[0] == 200
        assert _get(served, "/static/js/textual.js", Cookie=_cookie(served))[0] == 200

        async def visit() -> None:
            async with visiting(served) as visitor:  # the page's websocket, with the cookie
                assert "Tasks (1 alive, 1 seen)" in visitor.screen

        asyncio.run(visit())


def test_a_full_room_says_so_and_lets_the_next_one_in(tmp_path: Path) -> None:
    with serving(tmp_path, "--port", "0", "--max-visitors", "1", program("waiter.py")) as served:
        page = f"/?token={served.token}"

        async def visits() -> None:
            async with visiting(served):
                first = _descendants(served.process.pid)
                status, headers, body = _get(served, page)
                assert (status, headers["Retry-After"]) == (503, "5")
                assert "<h1>The room is full</h1>" in body
                assert "1 visitor is using loopscope samples/waiter.py" in body
                assert await _refused(served, **_own(served)) == 503
            _ended(first)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + DEADLINE
            while _get(served, page)[0] != 200:  # the count goes down as the session ends
                assert loop.time() < deadline, "the room stayed full after its visitor left"
                await asyncio.sleep(0.05)
            async with visiting(served):
                pass

        asyncio.run(visits())


def test_x_in_the_browser_downloads_the_screen(tmp_path: Path) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    with serving(tmp_path, "--port", "0", str(REPO / program("waiter.py")), cwd=cwd) as served:

        async def press_x() -> tuple[int, dict[str, str], str]:
            async with visiting(served) as visitor:
                await visitor.websocket.send_json(["stdin", "x"])
                key = (await visitor.message("deliver_file_start"))[1]
                # What the page then opens (textual.js: window.open(origin + /download/key)).
                async with aiohttp.ClientSession() as client, client.get(
                        f"http://127.0.0.1:{served.port}/download/{key}",
                        headers={"Cookie": _cookie(served)}) as response:
                    return response.status, dict(response.headers), await response.text()

        status, headers, body = asyncio.run(press_x())
    assert status == 200
    assert headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert headers["Content-Disposition"] == "attachment; filename=waiter-step-0000.svg"
    assert body.startswith("<svg") and "Ready&#160;queue" in body  # the screen, as drawn
    assert list(cwd.iterdir()) == []  # nothing written where the server runs


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGHUP], ids=["kill-9", "SIGHUP"])
def test_visitors_processes_end_with_the_server(tmp_path: Path, signum: int) -> None:
    with serving(tmp_path, "--port", "0", program("waiter.py")) as served:

        async def visit() -> set[tuple[int, int]]:
            async with visiting(served) as visitor:
                session = _descendants(served.process.pid)
                commands = [_command(pid) for pid, _ in session]
                assert f"{sys.executable} -m loopscope samples/waiter.py" in commands
                shells = sum(command.startswith("/bin/sh ") for command in commands)
                assert len(commands) - shells == 2, commands  # the UI and its debuggee
                served.process.send_signal(signum)
                await visitor.ended()
            return session

        session = asyncio.run(visit())
        served.process.wait(DEADLINE)
        _ended(session)
    assert served.process.returncode == (0 if signum == signal.SIGHUP else -signal.SIGKILL)
