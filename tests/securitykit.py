"""What the security tests (tests/server/test_security.py, test_security_limits.py,
test_security_secrets.py) share: the hello, and a server's URLs."""

from __future__ import annotations

from server.protocol import PROTOCOL_VERSION

HELLO = {"type": "hello", "id": "hello", "protocol_version": PROTOCOL_VERSION}


def http(url: str) -> str:
    return url.replace("ws://", "http://").removesuffix("/ws")


def port_of(url: str) -> int:
    return int(url.removeprefix("ws://").split("/", 1)[0].rsplit(":", 1)[1])
