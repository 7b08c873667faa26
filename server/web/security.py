"""The edge's defences (docs/security.md): security headers on every response, whose address a
request comes from, which page origins may open a websocket, who may read /metrics, and how many
sockets one address may hold open."""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections import Counter
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from urllib.parse import urlsplit

from aiohttp import web

from server.settings import Settings
from server.web.sockettable import SocketTable

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network

# ---------------------------------------------------------------- headers

# The web client is self-hosted ES modules and one stylesheet; it talks to its own origin over
# fetch and a websocket. Its code sets `style` attributes (bar widths, chart colours), so inline
# style *attributes* are allowed; <style> elements and every kind of inline script are not.
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "style-src-elem 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'{ws}; "
    "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Invite links carry the room code (?room=CODE): never send the URL to another site.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# A Host header that is safe to put in a header value: a name or IP literal and a port.
_HOST = re.compile(r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def content_security_policy(host: str | None) -> str:
    """Return the policy for a page served as `host`: its websocket goes to the same host, named
    as well as `'self'` (which some browsers do not read as covering ws: and wss:) — except an
    IPv6 literal, which a CSP source may not be (Chromium ignores it, with an error in the
    console, and reads `'self'` as covering the websocket)."""
    if host is None or not _HOST.fullmatch(host) or host.startswith("["):
        return _CSP.format(ws="")
    return _CSP.format(ws=f" ws://{host} wss://{host}")


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """`on_response_prepare`: every response of the application gets the headers, files and
    errors included (a response already carrying one keeps its own)."""
    headers = response.headers
    for name, value in HEADERS.items():
        headers.setdefault(name, value)
    headers.setdefault("Content-Security-Policy", content_security_policy(request.host))


# ---------------------------------------------------------------- client addresses


def parse_address(text: str | None) -> Address | None:
    """Return the IP address in `text` (IPv4-mapped IPv6 as IPv4), or None."""
    if not text:
        return None
    try:
        found = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(found, IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


def trusted(address: Address | None, proxies: Sequence[Network]) -> bool:
    """Whether `address` is one of our proxies (`proxies`)."""
    return address is not None and any(address in network for network in proxies)


IPV6_PREFIX = 64
"""An IPv6 client counts as its /64: one home or one machine is handed a whole /64 (2^64
addresses), and a limit per address would not hold if each could count on its own."""


def counted_as(address: Address) -> str:
    """Return what the per-address limits count `address` as: an IPv4 address itself, an IPv6
    address its /64 network (`2001:db8:1:2::/64`)."""
    if isinstance(address, IPv6Address) and not address.is_loopback:
        return str(IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


def client_address(request: web.Request, proxies: Sequence[Network]) -> str:
    """Return the address a request counts against: its peer's, unless the peer is one of our
    proxies (`trusted_proxies`); then X-Forwarded-For is read from the right (each proxy appends
    the address it heard from), past every trusted proxy, and the first address that is not one
    is the client. A client cannot choose its address by sending the header itself: what it
    sends is to the left of what our proxy appends. An IPv6 client counts as its /64
    (`counted_as`)."""
    peer = parse_address(request.remote)
    if peer is None:
        return request.remote or "unknown"
    return counted_as(_client(request, peer, proxies))


def _client(request: web.Request, peer: Address, proxies: Sequence[Network]) -> Address:
    if not trusted(peer, proxies):
        return peer
    hops = [
        hop for line in request.headers.getall("X-Forwarded-For", []) for hop in line.split(",")
    ]
    client = peer
    for hop in reversed(hops):
        found = parse_address(hop)
        if found is None:
            break  # unreadable: count the request against the last proxy that vouched for it
        client = found
        if not trusted(found, proxies):
            break
    return client


def over_https(request: web.Request, proxies: Sequence[Network]) -> bool:
    """Return whether the browser reached us over HTTPS: itself, or through one of our proxies
    (`trusted_proxies`) that says so in `X-Forwarded-Proto` (TLS ends at the proxy). A client
    that is not our proxy cannot say so."""
    if request.secure:
        return True
    if not trusted(parse_address(request.remote), proxies):
        return False
    said = request.headers.get("X-Forwarded-Proto", "").rsplit(",", 1)[-1]
    return said.strip().lower() == "https"


# ---------------------------------------------------------------- websocket origins


def _hostname(origin: str) -> str | None:
    try:
        return urlsplit(origin.strip().lower()).hostname
    except ValueError:
        return None


def served_as(settings: Settings) -> frozenset[str]:
    """Return the host names the server is configured to be served as: those of the allowed
    origins, and the name it listens on (when it listens on a name)."""
    names = {_hostname(origin) for origin in settings.allowed_origins}
    names.add(settings.host.lower())
    return frozenset(name for name in names if name)


def _safe_host(hostname: str, names: frozenset[str]) -> bool:
    """Return whether a page's host cannot be an attacker's name pointed at this server (DNS
    rebinding needs a name the attacker controls): an IP literal, `localhost` (browsers resolve
    it to loopback themselves), or a name the server is configured to be served as."""
    return hostname == "localhost" or parse_address(hostname) is not None or hostname in names


def origin_allowed(request: web.Request, settings: Settings) -> bool:
    """Return whether the request's Origin may open a socket (the websocket's handshake) or
    change anything through the HTTP API (every /api/ request but GET, HEAD and OPTIONS,
    server/web/http.py's `guarded_bodies`):

    - no Origin (not a browser), or
    - exactly one of the configured origins (`allowed_origins`: the public origins the server is
      served as), or
    - the same host and port as the Host header, when that host is `localhost`, an IP literal
      (`brink serve` opened as http://localhost:8080/ or, on a classroom network,
      http://192.168.1.20:8080/) or a name the server is configured to be served as.

    A page under any other name is refused: it could be an attacker's page whose name the
    attacker has pointed at this server's address (DNS rebinding)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if origin in {entry.strip().rstrip("/").lower() for entry in settings.allowed_origins}:
        return True
    try:
        parts = urlsplit(origin)
        hostname = parts.hostname
        parts.port  # noqa: B018  (raises ValueError on a port that is not a number)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not hostname:
        return False
    host = request.headers.get("Host", "").strip().lower()
    return parts.netloc == host and _safe_host(hostname, served_as(settings))


# ---------------------------------------------------------------- /metrics

_FORWARDED = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


def metrics_allowed(request: web.Request, settings: Settings) -> bool:
    """Return whether a request may read /metrics: one that presents the bearer token
    (`metrics_token`), or one made on this machine: from a loopback peer and not forwarded by
    a proxy (a proxy on this machine makes every client a loopback peer, but it says whom it
    forwards for)."""
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else ""
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if (
        token
        and scheme.lower() == "bearer"
        and hmac.compare_digest(presented.strip().encode(), token.encode())
    ):
        return True
    return on_this_machine(request)


def on_this_machine(request: web.Request) -> bool:
    """Return whether a request was made on this machine: from a loopback peer and not
    forwarded by a proxy (a proxy on this machine makes every client a loopback peer, but it
    says whom it forwards for)."""
    peer = parse_address(request.remote)
    if peer is None or not peer.is_loopback:
        return False
    return not any(name in request.headers for name in _FORWARDED)


# ---------------------------------------------------------------- open sockets per address


class OpenSockets:
    """How many websockets each client address holds open: on this process, and with a `table`
    (`brink serve --workers N`) on every worker of the server."""

    def __init__(self, limit: int, table: SocketTable | None = None) -> None:
        self.limit = limit
        self.open: Counter[str] = Counter()
        self.table = table

    def take(self, address: str) -> bool:
        """Count one more socket for `address`; False (and nothing counted) if at the limit."""
        if self.open[address] >= self.limit:
            return False
        if self.table is not None:
            # Counted first, then checked: two workers taking the last place at once may both
            # refuse, but never both accept.
            self.table.add(address, 1)
            if self.table.total(address) > self.limit:
                self.table.add(address, -1)
                return False
        self.open[address] += 1
        return True

    def give_back(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]
        if self.table is not None:
            self.table.add(address, -1)
