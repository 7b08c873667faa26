"""The edge's defences (docs/security.md): security headers on every response."""

from __future__ import annotations

import re

from aiohttp import web

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
    as well as `'self'` (which some browsers do not read as covering ws: and wss:)."""
    if host is None or not _HOST.fullmatch(host):
        return _CSP.format(ws="")
    return _CSP.format(ws=f" ws://{host} wss://{host}")


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """`on_response_prepare`: every response of the application gets the headers, files and
    errors included (a response already carrying one keeps its own)."""
    headers = response.headers
    for name, value in HEADERS.items():
        headers.setdefault(name, value)
    headers.setdefault("Content-Security-Policy", content_security_policy(request.host))
