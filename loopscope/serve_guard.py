"""Who may use a served debugger: the Host and Origin checks and the run's token.

A served session runs the script with the server's permissions, so reaching the port must not
be enough to drive it. This module is one aiohttp middleware put in front of every route of
textual-serve's application (the page, its websocket, its static files, its downloads), so
that no route is forgotten, including one a later textual-serve adds. Three checks, in order:

* **Host.** With DNS rebinding, a page of ``evil.example`` has its name made to resolve to
  127.0.0.1: to the browser it is then same-origin with the server, and only the Host header
  tells. Accepted are the names the server is known by: the loopback names, the address it
  listens on and ``--host`` as typed, each with the port; when it listens on every address
  (``0.0.0.0``, ``::``), any IP address literal, since no rebinding can make a browser send an
  address for a page that has a name; and the hosts of ``--allow-origin``.
* **Origin.** A WebSocket is not bound by the same-origin policy: any page may open one to
  ``127.0.0.1`` and the browser only says whose page asks, in Origin. When there is one, it
  must be the request's own (``http://`` and its Host) or one given with ``--allow-origin``
  (a reverse proxy's ``https://debug.example.com``).
* **Token.** The two checks above stop other web pages, not other people: loopback is shared by
  every user of the machine, and ``--host`` opens the port to the network. Each run draws a
  random token, printed in its URL; the first request with it sets a cookie that the page's
  websocket and downloads carry (textual-serve's client builds their URLs without the query).
  The cookie is named after the port, so that two servers on one machine do not overwrite
  each other's, HttpOnly and SameSite=Strict, so that no other site's page sends it.

A refusal is a 403 whose body is one line saying which check failed and why.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_PORTS = {"http": 80, "https": 443}


class Origin(NamedTuple):
    """A web origin, normalised: ``https://Debug.example.com`` and ``https://debug.example.com:443``
    are the same one."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{host}"
        return f"{self.scheme}://{host}:{self.port}"


def parse_origin(text: str) -> Origin:
    """``scheme://host[:port]`` as an ``Origin``, or ``ValueError`` saying what is wrong."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(f"{text!r} is not an origin (scheme://host[:port])") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.username is not None \
            or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"{text!r} is not an origin (http:// or https://, a host, an "
                         "optional port, nothing after)")
    return Origin(parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme])


def split_host(header: str) -> tuple[str, int | None] | None:
    """A Host header's ``(name, port)``, the name lower-cased and unbracketed; None if it is not
    a plain ``host[:port]``."""
    if not header or any(c in header for c in "@/?#\\ "):
        return None
    try:
        parts = urlsplit("//" + header)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname, port


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Guard:
    """The three checks of one server: ``refusal`` says why a request is refused, or None."""

    def __init__(self, *, port: int, names: Iterable[str], any_address: bool,
                 allowed_origins: Iterable[Origin], token: str | None = None) -> None:
        self.port = port
        self.names = LOOPBACK_NAMES | {name.lower().strip("[]") for name in names}
        self.any_address = any_address
        self.allowed_origins = tuple(allowed_origins)
        #: The run's secret: in the printed URL, then in the visitor's cookie.
        self.token = token or secrets.token_urlsafe(24)
        self.cookie = f"loopscope-{port}"

    def _via_proxy(self, host: tuple[str, int | None]) -> Origin | None:
        """The allowed origin whose host the request's Host header names, if any."""
        name, port = host
        for origin in self.allowed_origins:
            if name == origin.host and (port or DEFAULT_PORTS[origin.scheme]) == origin.port:
                return origin
        return None

    def _host_is_ours(self, host: tuple[str, int | None]) -> bool:
        name, port = host
        if (port or 80) == self.port and (name in self.names
                                          or (self.any_address and _is_address(name))):
            return True
        return self._via_proxy(host) is not None

    def _token_given(self, request: web.Request) -> bool:
        wanted = self.token.encode()
        return any(hmac.compare_digest(given.encode("utf-8", "replace"), wanted)
                   for given in (request.query.get("token"), request.cookies.get(self.cookie))
                   if given)

    def refusal(self, request: web.Request) -> str | None:
        """Why ``request`` is refused (one line), or None when it may go on."""
        header = request.headers.get("Host", "")
        host = split_host(header)
        if host is None or not self._host_is_ours(host):
            return (f"refused: Host {header!r} is not a name of this server (a reverse proxy "
                    "is allowed with --allow-origin)")
        origin = request.headers.get("Origin")
        if origin is not None and not self._origin_is_ours(origin, host):
            return (f"refused: a request from a page of {origin!r}, not of this server (a "
                    "reverse proxy is allowed with --allow-origin)")
        if not self._token_given(request):
            return ("refused: no valid token: open the address `loopscope serve` printed, with "
                    "its ?token=")
        return None

    def _origin_is_ours(self, text: str, host: tuple[str, int | None]) -> bool:
        try:
            origin = parse_origin(text)
        except ValueError:
            return False  # "null": a sandboxed frame, a file
        if origin in self.allowed_origins:
            return True
        return origin == Origin("http", host[0], host[1] or 80)

    def public_url(self, request: web.Request) -> str:
        """Where the browser reached the page (its websocket must go there): the allowed origin
        it came through for a reverse proxy, else ``http://`` and its Host."""
        host = split_host(request.headers.get("Host", ""))
        origin = self._via_proxy(host) if host is not None else None
        return str(origin) if origin is not None else f"http://{request.host}"

    def middleware(self) -> Middleware:
        """The aiohttp middleware: refuses with 403, and sets the cookie on a request that
        brought the token in its query."""

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            refusal = self.refusal(request)
            if refusal is not None:
                return web.Response(status=403, text=f"loopscope: {refusal}\n")
            response = await handler(request)
            if "token" in request.query and not response.prepared:
                response.set_cookie(self.cookie, self.token, path="/", httponly=True,
                                    samesite="Strict")
            return response

        return guard


__all__ = ["Guard", "Origin", "parse_origin", "split_host"]
