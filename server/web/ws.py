"""The websocket endpoint: check the Origin and the client's open sockets, parse each message
once, answer every one.

A message that is malformed (a text frame that is not UTF-8 too), too large, unknown, out of
place or over the rate limit gets an `error` with a stable code and changes nothing; the
connection stays up unless it is abusive (far over the rate limit, or a message far over the
size limit). A request for a new room (`create_room`, `play_bot`, `quick_match`, `rematch`)
also counts against the limit on new rooms, per connection and per client address
(docs/security.md).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from typing import Any

from aiohttp import WSMsgType, web
from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.classroom import controls, presenting, sockets
from server.live import handlers, matchmaking, rematch
from server.live.connection import Connection, RateLimit
from server.live.hub import Hub
from server.protocol import (
    CLIENT_MESSAGES,
    MAX_MESSAGE_BYTES,
    PROTOCOL_VERSION,
    PROTOCOL_VERSIONS,
    Error,
    Hello,
    Welcome,
)
from server.protocol.wording import said
from server.ruleset.model import UnplayableRules
from server.settings import Settings
from server.storage import limits
from server.storage.store import BrokenLog
from server.web.appkeys import HUB, METRICS, REDIS, SETTINGS, SOCKETS
from server.web.auth import instructor_of
from server.web.security import client_address, origin_allowed

log = logging.getLogger("brink.ws")
ABUSIVE_BYTES = 1024 * 1024

HANDLERS: dict[str, handlers.Handler] = {
    "create_room": handlers.create_room,
    "join": handlers.join,
    "resume": handlers.resume,
    "act": handlers.act,
    "chat": handlers.chat,
    "leave": handlers.leave_room,
    "resync": handlers.resync,
    "play_bot": handlers.play_bot,
    "quick_match": matchmaking.quick_match,
    "rematch": rematch.rematch,
    "decline_rematch": rematch.decline_rematch,
    "join_rematch": rematch.join_rematch,
    "ping": handlers.ping,
    "control": controls.control,
    # the classroom (docs/classroom.md)
    "follow_class": sockets.follow_class,
    "watch_class": sockets.watch_class,
    "unwatch_class": sockets.unwatch_class,
    "present": presenting.present,  # the debrief's presenter (docs/debrief.md)
}


ROOM_REQUESTS = frozenset({"create_room", "play_bot", "quick_match", "rematch"})


class RoomLimit:
    """The limit on requests for new rooms, in fixed windows of `rooms_window` seconds: at most
    `rooms_per_connection` on one connection (counted here) and `rooms_per_address` from one
    client address, across its connections and every server process (counted in Redis)."""

    def __init__(self, redis: Redis, settings: Settings, address: str) -> None:
        self.redis = redis
        self.address = address
        self.window = settings.rooms_window
        self.per_connection = settings.rooms_per_connection
        self.per_address = settings.rooms_per_address
        self.current = -1
        self.count = 0

    async def check(self) -> None:
        """Count one request for a new room; refuse it (`too_many_rooms`) if it is over a limit."""
        now = time.time()
        window = math.floor(now / self.window)
        if window != self.current:
            self.current, self.count = window, 0
        wait = max(1, math.ceil((window + 1) * self.window - now))
        self.count += 1
        if self.count > self.per_connection:
            raise handlers.Refusal(
                "too_many_rooms", f"too many new rooms from this connection: wait {wait} s"
            )
        counted = await limits.count(self.redis, "rooms", self.address, self.window, now)
        if counted > self.per_address:
            raise handlers.Refusal(
                "too_many_rooms", f"too many new rooms from your network address: wait {wait} s"
            )


async def websocket(request: web.Request) -> web.StreamResponse:
    settings = request.app[SETTINGS]
    if not origin_allowed(request, settings):
        raise web.HTTPForbidden(text="origin not allowed")
    address = client_address(request, settings.trusted_proxies)
    sockets = request.app[SOCKETS]
    if not sockets.take(address):
        request.app[METRICS].refused.labels("too_many_connections").inc()
        raise web.HTTPTooManyRequests(
            text="too many connections from your address", headers={"Retry-After": "10"}
        )
    try:
        return await _serve(request, settings, RoomLimit(request.app[REDIS], settings, address))
    finally:
        sockets.give_back(address)


async def _serve(request: web.Request, settings: Settings, rooms: RoomLimit) -> web.StreamResponse:
    # No permessage-deflate: views are small, and compressing every frame cost more CPU than
    # the whole move pipeline (see bench/server.py).
    # aiohttp refuses a message of max_msg_size or more: a frame of exactly ABUSIVE_BYTES is
    # still answered (too_large); only one over it closes the socket.
    # A text frame is read as its bytes (decode_text=False): aiohttp would close the socket
    # (1007) on one that is not UTF-8; `_parse` refuses it (bad_encoding) and the connection goes
    # on. The JSON is parsed from the bytes as it was from the text (pydantic reads bytes; the
    # size is their length, not that of the text encoded again): no decoding on the way.
    ws = web.WebSocketResponse(
        max_msg_size=ABUSIVE_BYTES + 1, heartbeat=30, compress=False, decode_text=False
    )
    await ws.prepare(request)
    hub, metrics = request.app[HUB], request.app[METRICS]
    conn = Connection(
        ws, settings.queue_limit, RateLimit(settings.rate_per_second, settings.rate_burst)
    )
    conn.metrics = metrics
    with contextlib.suppress(RedisError, OSError):  # Redis away: nobody is signed in
        conn.account = await instructor_of(request)
    conn.start()
    hub.sockets.add(conn)
    metrics.connections.inc()
    greeted = False
    try:
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                greeted = await _handle(hub, conn, rooms, message.data, greeted)
            elif message.type == WSMsgType.BINARY:
                if conn.rate.allow():
                    _refuse(conn, None, "binary", "send JSON text messages")
                else:
                    _refuse(conn, None, "rate_limited", "too many messages: slow down")
            if conn.rate.refused > settings.abuse_limit:
                await ws.close(code=1008, message=b"too many messages")
    finally:
        try:
            hub.sockets.discard(conn)
            metrics.connections.dec()
            # Each step on its own: Redis away for one (logged) does not skip the others.
            for step in (matchmaking.leave_queue, handlers.leave, sockets.disconnected):
                try:
                    await step(hub, conn)
                except (RedisError, OSError) as error:
                    log.warning("closing a connection: %s failed: %s", step.__name__, error)
            await conn.close()
        finally:
            let_go(request)  # whatever failed above
    return ws


def let_go(request: web.Request) -> None:
    """Break the reference cycle aiohttp (3.14, heartbeat set) leaves behind a websocket: its
    request handler keeps the response's heartbeat callback after the connection is lost, and
    the response holds the request, which holds the handler. Each closed connection's ~30
    objects then waited for the collector's middle generation, whose pass under the bench's
    load took ~40 ms of one turn (bench/turns.py); freed now when the handler returns. The
    socket is closed by then, so no heartbeat is missed."""
    protocol = request.protocol
    if protocol._data_received_cb is not None:
        protocol._data_received_cb = None


def _refuse(conn: Connection, request_id: str | None, code: str, message: str) -> None:
    """Answer with an error (and count it by code); nothing else happens."""
    if conn.metrics is not None:
        conn.metrics.refused.labels(code).inc()
    conn.send(Error(id=request_id, code=code, message=message))


async def _handle(hub: Hub, conn: Connection, rooms: RoomLimit, text: bytes, greeted: bool) -> bool:
    """Answer one message (a text frame's bytes); return whether the client has said hello."""
    if not conn.rate.allow():
        _refuse(conn, None, "rate_limited", "too many messages: slow down")
        return greeted
    if len(text) > MAX_MESSAGE_BYTES:
        _refuse(conn, None, "too_large", f"messages are limited to {MAX_MESSAGE_BYTES} bytes")
        return greeted
    request_id, request = _parse(conn, text)
    if request is None:
        return greeted
    if not greeted:
        return _greet(hub, conn, request, request_id)
    reply = None
    try:
        handler = HANDLERS.get(request.type)
        if handler is None:
            raise handlers.Refusal("unexpected", f"{request.type!r} is not expected now")
        if request.type in ROOM_REQUESTS:
            await rooms.check()
        reply = await handler(hub, conn, request)
    except handlers.Refusal as refusal:
        _refuse(conn, request_id, refusal.code, refusal.message)
    except BrokenLog as error:  # logged where it was found (server/live/damage.py)
        _refuse(conn, request_id, "broken_log", error.told)
    except UnplayableRules as error:  # a room kept under rules from before a check refused them
        _refuse(conn, request_id, "rules_refused", f"this room's rules cannot be played: {error}")
    except (RedisError, ConnectionError, TimeoutError) as error:
        # Redis is away (restarting, unreachable, too slow to answer): it will be back. What a
        # timed-out commit did is in the log (a retried `cid` is not applied twice).
        log.warning("Redis unavailable for %s: %s", request.type, error)
        _refuse(conn, request_id, "unavailable", "the game store is unavailable; try again soon")
    except Exception:
        # A bug or an outage must not cost the player the connection: say so and go on.
        log.exception("failed to handle %s", request.type)
        _refuse(conn, request_id, "internal", "the server failed to handle this; try again")
    if reply is not None:
        conn.send(reply)
    return True


def _parse(conn: Connection, frame: bytes) -> tuple[str | None, Any]:
    try:
        # The common case in one pass (its strings are UTF-8, or pydantic refuses it); anything
        # wrong is parsed again below to say what.
        request = CLIENT_MESSAGES.validate_json(frame, strict=True)
    except ValidationError:
        pass
    else:
        return _request_id({"id": request.id}), request
    try:
        text = frame.decode("utf-8")
    except UnicodeDecodeError as error:
        _refuse(
            conn, None, "bad_encoding", f"a text frame must be UTF-8; byte {error.start} is not"
        )
        return None, None
    try:
        data = json.loads(text, parse_constant=_not_json)
    except json.JSONDecodeError as error:
        _refuse(conn, None, "bad_json", f"not JSON: {error.msg} at character {error.pos}")
        return None, None
    except RecursionError:
        _refuse(conn, None, "bad_json", "not JSON this server reads: nested too deeply")
        return None, None
    except NotJsonNumber as error:
        _refuse(conn, None, "bad_json", f"not JSON this server reads: {error}")
        return None, None
    except ValueError:  # an integer too long to convert (Python's limit: 4300 digits)
        _refuse(conn, None, "bad_json", "not JSON this server reads: a number over 4300 digits")
        return None, None
    request_id = _request_id(data)
    try:
        return request_id, CLIENT_MESSAGES.validate_python(data, strict=True)
    except ValidationError as error:
        problem = error.errors()[0]
        if problem["type"] in ("union_tag_invalid", "union_tag_not_found"):
            if problem["loc"][:2] == ("act", "command") and isinstance(data.get("command"), dict):
                kind = data["command"].get("type")
                code, what = "unknown_command", "command"
            else:
                kind = data.get("type") if isinstance(data, dict) else None
                code, what = "unknown_type", "message"
            if kind is None:  # no type at all: say what is missing, not "unknown type None"
                _refuse(conn, request_id, code, f'the {what} has no "type"')
            else:
                _refuse(conn, request_id, code, f"unknown {what} type {kind!r}")
        else:
            # Every problem, up to three: a field misnamed is both missing and not a field
            # ("command.cards: missing; command.card: not a field of this message").
            told = list(dict.fromkeys(said(p, data) for p in error.errors()[:3]))
            _refuse(conn, request_id, "bad_message", "; ".join(told))
        return request_id, None


class NotJsonNumber(ValueError):
    """NaN, Infinity or -Infinity in a message."""


def _not_json(constant: str) -> Any:
    """Python's `json` reads NaN, Infinity and -Infinity; JSON has no such numbers."""
    raise NotJsonNumber(f"{constant} is not a JSON number")


def _request_id(data: Any) -> str | None:
    """Return the message's `id` if it can be echoed back (a short, valid string)."""
    found = data.get("id") if isinstance(data, dict) else None
    if not isinstance(found, str) or len(found) > 64:
        return None
    try:
        found.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return found


def _greet(hub: Hub, conn: Connection, request: Any, request_id: str | None) -> bool:
    if not isinstance(request, Hello):
        _refuse(conn, request_id, "hello_first", "say hello (with protocol_version) first")
        return False
    if request.protocol_version not in PROTOCOL_VERSIONS:
        older = ", ".join(str(v) for v in PROTOCOL_VERSIONS if v != PROTOCOL_VERSION)
        spoken = f"{PROTOCOL_VERSION} (or {older})"
        message = f"this server speaks protocol {spoken}, not {request.protocol_version}"
        _refuse(conn, request_id, "protocol_version", message)
        return False
    conn.protocol = request.protocol_version
    conn.send(
        Welcome(
            id=request_id,
            protocol_version=conn.protocol,
            server="brinkmanship",
            scenarios=sorted(hub.scenarios),
            account=conn.account,
        )
    )
    return True
