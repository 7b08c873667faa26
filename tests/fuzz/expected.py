"""What the protocol promises a fuzzer (docs/protocol.md): the limits, the reply each request
has, the documented error codes, the senders, and how a frame and its answer are read."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from server.protocol import PROTOCOL_VERSION
from server.settings import ROOT

MIB = 1024 * 1024
"""A frame over this many bytes closes the connection (docs/protocol/01-transport.md §1); one of
exactly 1 MiB is answered `too_large`."""
MAX_INT_DIGITS = 5000
"""Integers up to this many digits (past Python's 4300, which the server answers bad_json)."""
HELLO = json.dumps({"type": "hello", "protocol_version": PROTOCOL_VERSION, "id": "hello"})
NO_ECHO = {"rate_limited", "too_large", "bad_encoding", "bad_json", "binary"}
"""Errors for messages the server could not read: their `id` is always null (§2)."""
REPLIES: dict[str, set[str]] = {
    "hello": {"welcome"},
    "create_room": {"room_created"},
    "join": {"joined"},
    "resume": {"joined"},
    "act": {"accepted", "update"},  # protocol 2: the update the act made, carrying its id
    "chat": {"accepted"},
    "resync": {"update"},
    "quick_match": {"queued", "joined"},
    "play_bot": {"joined"},
    "ping": {"pong"},
    "leave": {"left"},  # e.g. a ping's type changed to `leave` (Hypothesis tries the code's words)
}
"""The reply each request has when it is not refused."""
ROOM_KEYS = ("", ":log", ":snapshot", ":presence")
"""A room's keys in Redis (server/storage/store.py, docs/redis.md; its seats are in its meta)."""
SENDERS = ("fresh", "outsider", "watcher", "instructor", "treasury", "washington", "beijing")


def documented_codes(path: Path = ROOT / "docs" / "protocol" / "21-errors.md") -> frozenset[str]:
    """Return every error code listed in §21 of the protocol's documentation (a file of its own)."""
    text = path.read_text(encoding="utf-8")
    section = text[text.index("# 21. Errors") :]
    return frozenset(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parsed(text: str | bytes) -> Any:
    """Return the frame as the server would read it, or None if it is not JSON."""
    if isinstance(text, bytes):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _echoed_id(request: Any) -> str | None:
    """Return the id a reply must carry: the request's, if a string of at most 64 characters
    that UTF-8 can encode (docs/protocol/02-messages.md §2), else None."""
    found = request.get("id") if isinstance(request, dict) else None
    if not isinstance(found, str) or len(found) > 64:
        return None
    try:
        found.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return found


def _answer(reply: dict[str, Any]) -> str:
    kind = str(reply.get("type"))
    return f"error:{reply.get('code')}" if kind == "error" else kind
