"""A quick match kept after its waiting process picked it up, sealed by its ticket.

The match made for a waiting ticket holds the waiting player's seat token in clear
(`{brink}:match:TICKET`, up to 120 s) until that player's process picks it up and deletes it.
The connection it seats may be one the player has lost without a word, and the player's next
`quick_match` names the lost ticket (`replaces`) to take the seat over: so the match is kept on
under a name and a seal only the ticket opens — the key `{brink}:taken:` and the ticket's
SHA-256, the token XORed with a pad drawn from the ticket (SHAKE-256). Once the ticket has left
the queue, Redis holds nothing that opens the seal (no key holds a raw token: every other key
holds tokens only hashed)."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def taken_key(ticket: str) -> str:
    return f"{{brink}}:taken:{hashlib.sha256(ticket.encode()).hexdigest()}"


def left_key(ticket: str) -> str:
    """Where a ticket taken out of the queue as its connection closed is noted (`Liveness.
    unqueue`): hashed, as nothing in Redis names a ticket once it has left the queue."""
    return f"{{brink}}:left:{hashlib.sha256(ticket.encode()).hexdigest()}"


def _pad(ticket: str, size: int) -> bytes:
    return hashlib.shake_256(f"brink-match-seal:{ticket}".encode()).digest(size)


def seal(ticket: str, match: dict[str, Any]) -> str:
    """The match as kept after its pick-up: its token sealed by the ticket."""
    token = str(match["token"]).encode()
    sealed = bytes(a ^ b for a, b in zip(token, _pad(ticket, len(token)), strict=True))
    return json.dumps({**match, "token": None, "sealed": sealed.hex()})


def unseal(ticket: str, kept: str) -> dict[str, Any]:
    """The match `seal` kept, its token opened with the ticket."""
    match: dict[str, Any] = json.loads(kept)
    sealed = bytes.fromhex(match.pop("sealed"))
    token = bytes(a ^ b for a, b in zip(sealed, _pad(ticket, len(sealed)), strict=True))
    return {**match, "token": token.decode()}
