"""Where other machines reach this server: its network addresses (standard library only).

`brink serve --host 0.0.0.0` listens on every address, but `localhost` works only on the
teacher's own machine: the addresses printed at start and served by `GET /api/server` are the
ones students type or follow (an invite link, the class's QR code). On Linux every interface's
addresses are read from /proc (IPv4: the kernel's local routes, IPv6: if_inet6); elsewhere, and
as well, the source address the system would use towards the internet (a UDP socket is
"connected", which sends nothing) and the host name's addresses. Loopback, link-local (an IPv6
link-local address needs a zone in a URL), multicast and unspecified addresses are left out.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from pathlib import Path

from aiohttp import web

from server.web.appkeys import SETTINGS
from server.web.security import on_this_machine

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
ANYWHERE = {"0.0.0.0": 4, "::": 6, "": None}
"""The hosts that listen on every address: of IPv4, of IPv6 (asyncio makes such a socket
IPv6-only), of both (the empty host: a socket of each family)."""
_PROBES = ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1"))
"""Documentation addresses (RFC 5737, RFC 3849): a route to them picks the outgoing address."""


def _from_proc(root: Path) -> set[str]:
    found: set[str] = set()
    try:
        trie = (root / "fib_trie").read_text()
        # "|-- 192.168.1.5" followed by "/32 host LOCAL": an address of this machine
        found.update(re.findall(r"\|-- ([0-9.]+)\s+/32 host LOCAL", trie))
    except OSError:
        pass
    try:
        for line in (root / "if_inet6").read_text().splitlines():
            digits = line.split()[0] if line.split() else ""
            if len(digits) == 32:
                found.add(str(ipaddress.IPv6Address(int(digits, 16))))
    except (OSError, ValueError):
        pass
    return found


def _from_routes() -> set[str]:
    found: set[str] = set()
    for family, probe in _PROBES:
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                found.add(str(udp.getsockname()[0]))
        except OSError:
            pass
    try:
        for *_, sockaddr in socket.getaddrinfo(socket.gethostname(), None):
            found.add(str(sockaddr[0]))
    except OSError:
        pass
    return found


def _usable(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if (
        address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
    ):
        return None
    return address


def machine_addresses(proc: Path = Path("/proc/net")) -> list[IPAddress]:
    """Return this machine's addresses other machines may reach: IPv4 first, each in order."""
    found = {a for a in map(_usable, _from_proc(proc) | _from_routes()) if a is not None}
    return sorted(found, key=lambda a: (a.version, int(a)))


def reachable(host: str) -> list[IPAddress | str]:
    """Return the addresses a server listening on `host` is reached at from other machines:
    none when it listens on loopback only; every address of the machine of the family it
    listens on for 0.0.0.0 (IPv4), :: (IPv6) or "" (both); the host itself otherwise (an
    address, or a name)."""
    if host in ANYWHERE:
        family = ANYWHERE[host]
        return [a for a in machine_addresses() if family is None or a.version == family]
    if host == "localhost":
        return []
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return [host]
    return [] if address.is_loopback or address.is_unspecified else [address]


def url(address: IPAddress | str, port: int, scheme: str = "http") -> str:
    """Return the page's address at `address`: `http://192.168.1.5:8080/`, `http://[fd00::2]:8080/`."""
    shown = str(address)
    if ":" in shown:  # an IPv6 address
        shown = f"[{shown}]"
    return f"{scheme}://{shown}:{port}/"


def reachable_urls(host: str, port: int) -> list[str]:
    return [url(address, port) for address in reachable(host)]


async def server_info(request: web.Request) -> web.Response:
    """`GET /api/server`: `{"addresses": [...], "local_only": bool}` — the URLs other machines
    reach this server at (for invite links made on a page opened as `localhost`). Only a page
    opened on this machine is told them (anyone else already uses an address that works);
    `local_only` says the server listens on loopback only (nobody else can connect)."""
    settings = request.app[SETTINGS]
    local_only = not reachable(settings.host)
    addresses: list[str] = []
    if on_this_machine(request) and not local_only:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        port = int(sockname[1]) if sockname else settings.port
        addresses = reachable_urls(settings.host, port)
    return web.json_response(
        {"addresses": addresses, "local_only": local_only},
        headers={"Cache-Control": "no-store"},
    )
