"""A cap on the connections one client address holds open on a server process (docs/security.md).

aiohttp accepts every connection, and one address could open thousands that never send a
request (or send their headers a byte at a time) until the process has no file descriptor
left: then nobody else connects. aiohttp closes a connection that has not sent a whole request
`keepalive_timeout` seconds after it opened (or after its last answer) — the data that trickles
in does not put that off — but until then it holds a descriptor, and aiohttp has no limit of its
own (its maintainers leave that to a proxy). So each connection is counted against its peer's
address as it opens, before a byte of it is read: past `http_connections_per_address` (its
websockets included) it is answered 429 at once and closed. A peer that is one of our proxies
(`trusted_proxies`) is not counted: it carries every client's connections, and the proxy
limits them itself. Counted per process: the descriptors run out per process."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Sequence
from typing import cast

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from server.settings import Settings
from server.web.security import Network, counted_as, parse_address, trusted

log = logging.getLogger("brink.connections")

_REFUSAL = json.dumps(
    {"error": "too_many_connections", "message": "too many connections from your address"}
).encode()
REFUSAL = (
    b"HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
    b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_REFUSAL), _REFUSAL)
)


def connection_cap(settings: Settings) -> int:
    """Connections one address may hold open on a process: `http_connections_per_address`,
    or by default twice the websockets it may hold and 100 more (a page's fetches, a tab's
    idle keep-alive connections), so that raising the websocket cap raises this one too."""
    if settings.http_connections_per_address is not None:
        return settings.http_connections_per_address
    return 2 * settings.connections_per_address + 100


class ConnectionCap:
    """Open connections per client address on one process: those of an aiohttp `web.Server`
    (`watch`), and under `--workers` those a worker holds before it serves them (steer.py's
    `Peeker` reads the request line first: `admit`, `release`)."""

    def __init__(self, limit: int, proxies: Sequence[Network]) -> None:
        self.limit = limit
        self.proxies = proxies
        self.open: Counter[str] = Counter()
        self.told: set[str] = set()
        self._counted: dict[asyncio.BaseTransport, str] = {}

    def watch(self, server: web.Server) -> None:
        """Count `server`'s connections as they open and close; refuse those over the cap.
        (aiohttp tells its `Server` of each connection; it has no hook of its own for that.)"""
        made, lost = server.connection_made, server.connection_lost
        transports: dict[RequestHandler, asyncio.Transport] = {}

        def connection_made(handler: RequestHandler, transport: asyncio.Transport) -> None:
            made(handler, transport)
            transports[handler] = transport
            if transport not in self._counted and not self.admit(transport):
                # Closed once aiohttp has started the connection's task (3.11 starts it
                # later): closed now, the task would start on a connection already gone.
                asyncio.get_running_loop().call_soon(_refuse, handler, transport)

        def connection_lost(handler: RequestHandler, exc: BaseException | None = None) -> None:
            lost(handler, exc)
            transport = transports.pop(handler, None)
            if transport is not None:
                self.release(transport)

        setattr(server, "connection_made", connection_made)  # noqa: B010
        setattr(server, "connection_lost", connection_lost)  # noqa: B010

    def admit(self, transport: asyncio.BaseTransport) -> bool:
        """Count a new connection; False (not counted, its reading paused) if its address is
        at the cap: the caller answers it `REFUSAL` and closes it."""
        peer = transport.get_extra_info("peername")
        found = parse_address(peer[0] if isinstance(peer, tuple) else None)
        if found is None or trusted(found, self.proxies):
            return True
        address = counted_as(found)
        if self.open[address] >= self.limit:
            if address not in self.told:  # said once until it is under the cap again
                log.info("%s holds %d connections: more are refused", address, self.limit)
                self.told.add(address)
            if hasattr(transport, "pause_reading"):  # uvloop's is no asyncio.ReadTransport
                cast(asyncio.ReadTransport, transport).pause_reading()
            return False
        self.open[address] += 1
        self._counted[transport] = address
        return True

    def release(self, transport: asyncio.BaseTransport) -> None:
        """Count a connection closed (one counted once, whoever closes it first)."""
        address = self._counted.pop(transport, None)
        if address is None:
            return
        self.open[address] -= 1
        self.told.discard(address)
        if self.open[address] <= 0:
            del self.open[address]


def _refuse(handler: RequestHandler, transport: asyncio.Transport) -> None:
    if not transport.is_closing():
        transport.write(REFUSAL)
    handler.force_close()


def watched(server: web.Server | None, settings: Settings) -> ConnectionCap:
    """Cap `server`'s connections per address as `settings` say (a runner's, once set up)."""
    assert server is not None
    cap = ConnectionCap(connection_cap(settings), settings.trusted_proxies)
    cap.watch(server)
    return cap
