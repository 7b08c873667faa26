"""Security at the edge, against real servers on the real Redis (docs/security.md): headers on
every response, who may read /metrics, which pages may open a websocket (DNS rebinding), the
limits on new rooms and open sockets per client address, and what never leaves the server:
tokens and instructor keys are long, random, stored hashed, never logged, and open one room only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import websockets
from aiohttp import web
from redis.asyncio import Redis
from serverkit import Start
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from client.connection import BrinkClient, ServerError
from server.engine.commands import Call, Check, PassTalks
from server.protocol import PROTOCOL_VERSION
from server.settings import Settings
from server.storage.store import token_hash
from server.web.app import create_app
from server.web.security import HEADERS, content_security_policy

HELLO = {"type": "hello", "id": "hello", "protocol_version": PROTOCOL_VERSION}
FOREVER = 10_000_000.0
"""A room window no test outlives (windows are aligned to the epoch: no boundary mid-test)."""


def http(url: str) -> str:
    return url.replace("ws://", "http://").removesuffix("/ws")


def port_of(url: str) -> int:
    return int(url.removeprefix("ws://").split("/", 1)[0].rsplit(":", 1)[1])


# ---------------------------------------------------------------- a bare socket


class Socket:
    """A websocket that says hello, sends requests and returns the reply to each."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    @classmethod
    async def open(cls, url: str, forwarded_for: str | None = None) -> Socket:
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else None
        opened = cls(await websockets.connect(url, additional_headers=headers))
        assert (await opened.request(HELLO))["type"] == "welcome"
        return opened

    async def request(self, message: dict[str, Any]) -> dict[str, Any]:
        """Send `message`; return the reply that carries its id (updates and presence skipped)."""
        await self.socket.send(json.dumps(message))
        async with asyncio.timeout(5):
            while True:
                reply: dict[str, Any] = json.loads(await self.socket.recv())
                if reply.get("id") == message["id"]:
                    return reply

    async def new_room(self, kind: str = "create_room", number: int = 0) -> dict[str, Any]:
        """Ask for a new room (`create_room`, `play_bot` or `quick_match`); return the reply."""
        message: dict[str, Any] = {"type": kind, "id": f"{kind}-{number}"}
        if kind == "create_room":
            message |= {"scenario": "intro", "timers": False}
        return await self.request(message)

    async def still_up(self) -> None:
        assert await self.request({"type": "ping", "id": "up"}) == {"type": "pong", "id": "up"}

    async def close(self) -> None:
        await self.socket.close()


Connect = Callable[..., Awaitable[Socket]]


@pytest.fixture
async def connect(servers: Start) -> AsyncIterator[Connect]:
    """Open sockets (`await connect(url, forwarded_for=...)`); every one still open is closed
    at the end of the test, before its servers stop (which would wait for them)."""
    opened: list[Socket] = []

    async def open_one(url: str, forwarded_for: str | None = None) -> Socket:
        one = await Socket.open(url, forwarded_for)
        opened.append(one)
        return one

    yield open_one
    for one in opened:
        await one.close()


def made(reply: dict[str, Any]) -> bool:
    """Return whether a reply to a request for a room is a success."""
    return reply["type"] in ("room_created", "joined", "queued")


def limited(reply: dict[str, Any], why: str) -> bool:
    assert reply["type"] == "error", reply
    assert reply["code"] == "too_many_rooms", reply
    assert reply["id"] is not None, "the refusal answers the request by its id"
    assert why in reply["message"], reply
    return True


async def rooms_in(redis_url: str) -> int:
    """Return how many rooms Redis holds."""
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        return len([key async for key in redis.scan_iter("brink:room:*") if key.count(":") == 2])


async def counted(redis_url: str) -> dict[str, int]:
    """Return the room-limit counters in Redis, by client address."""
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        found: dict[str, int] = {}
        async for key in redis.scan_iter("brink:limit:rooms:*"):
            address = key.removeprefix("brink:limit:rooms:").rsplit(":", 1)[0]
            found[address] = found.get(address, 0) + int(await redis.get(key) or 0)
        return found


async def handshake_status(url: str, host: str, origin: str | None) -> int:
    """Send a websocket handshake with this Host and Origin; return the HTTP status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(url))
    lines = [
        "GET /ws HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()
    return int(status.split()[1])


def lan_address() -> str | None:
    """Return this machine's address on its network (not loopback), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.fixture
async def lan_server(redis_url: str, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    """A server listening on this machine's network address (as with `--host 0.0.0.0`, its
    clients are not loopback peers); yields (address, ws:// URL). The metrics token is `sesame`."""
    address = lan_address()
    if address is None:
        pytest.skip("no network address besides loopback")
    settings = Settings(
        redis_url=redis_url, port=0, data_dir=tmp_path, host=address, metrics_token="sesame"
    )
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, address, 0)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        pytest.skip(f"cannot listen on {address}: {error}")
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield address, f"ws://{address}:{port}/ws"
    await runner.cleanup()


# ---------------------------------------------------------------- headers

EVERY_KIND_OF_RESPONSE = [
    ("GET", "/", {}, 200),
    ("HEAD", "/", {}, 200),
    ("GET", "/static/app.js", {}, 200),
    ("GET", "/static/style.css", {}, 200),
    ("GET", "/static/missing.js", {}, 404),
    ("GET", "/nowhere", {}, 404),
    ("POST", "/api/scenarios", {}, 405),
    ("GET", "/healthz", {}, 200),
    ("GET", "/metrics", {}, 200),
    ("GET", "/metrics", {"X-Forwarded-For": "203.0.113.9"}, 403),
    ("GET", "/api/scenarios", {}, 200),
    ("GET", "/api/rules/intro", {}, 200),
    ("GET", "/api/rules/nope", {}, 404),
    ("GET", "/api/rooms/ZZZZZZ", {}, 404),
    ("GET", "/ws", {}, 400),
    ("GET", "/ws", {"Origin": "http://evil.example"}, 403),
]


async def test_every_response_carries_the_security_headers(server_url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for method, path, headers, status in EVERY_KIND_OF_RESPONSE:
            async with session.request(method, http(server_url) + path, headers=headers) as reply:
                assert reply.status == status, (method, path, reply.status)
                for name, value in HEADERS.items():
                    assert reply.headers.get(name) == value, (method, path, name)
                policy = reply.headers.get("Content-Security-Policy", "")
                assert "frame-ancestors 'none'" in policy, (method, path)
                assert "script-src 'self';" in policy, (method, path)
                assert "default-src 'none'" in policy, (method, path)
    assert HEADERS["X-Frame-Options"] == "DENY"
    assert HEADERS["X-Content-Type-Options"] == "nosniff"
    assert HEADERS["Referrer-Policy"] == "no-referrer"


async def test_the_policy_lets_the_page_reach_its_own_websocket_and_no_other(
    server_url: str,
) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(http(server_url) + "/", headers={"Host": "localhost:8080"}) as reply,
    ):
        policy = reply.headers["Content-Security-Policy"]
    assert "connect-src 'self' ws://localhost:8080 wss://localhost:8080;" in policy
    assert " ws: " not in policy and " wss: " not in policy and "*" not in policy
    # A Host that could smuggle a directive into the header is left out of it.
    assert "connect-src 'self';" in content_security_policy("evil.example; script-src *")
    assert "connect-src 'self';" in content_security_policy(None)
    # an IPv6 literal is no CSP source (browsers ignore it, and say so in the console)
    assert "connect-src 'self';" in content_security_policy("[::1]:8080")


# ---------------------------------------------------------------- /metrics


async def get_status(url: str, headers: dict[str, str] | None = None) -> int:
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as reply:
        return reply.status


async def test_metrics_are_served_on_this_machine_but_not_through_a_proxy(
    server_url: str,
) -> None:
    metrics = http(server_url) + "/metrics"
    assert await get_status(metrics) == 200
    # A proxy on this machine makes every client a loopback peer, but says whom it forwards for.
    for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
        assert await get_status(metrics, {header: "203.0.113.9"}) == 403, header


async def test_metrics_through_a_proxy_need_the_bearer_token(servers: Start) -> None:
    metrics = http(await servers(metrics_token="sesame")) + "/metrics"
    proxied = {"X-Forwarded-For": "203.0.113.9"}
    assert await get_status(metrics, proxied | {"Authorization": "Bearer sesame"}) == 200
    assert await get_status(metrics, proxied | {"Authorization": "bearer sesame"}) == 200
    for wrong in ("Bearer sesam", "Bearer sesame2", "Basic c2VzYW1l", "sesame", "Bearer "):
        assert await get_status(metrics, proxied | {"Authorization": wrong}) == 403, wrong
    assert await get_status(metrics, proxied) == 403


async def test_an_empty_metrics_token_opens_nothing(servers: Start) -> None:
    metrics = http(await servers(metrics_token="")) + "/metrics"
    proxied = {"X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer "}
    assert await get_status(metrics, proxied) == 403


async def test_metrics_from_another_machine_need_the_bearer_token(
    lan_server: tuple[str, str],
) -> None:
    _, url = lan_server
    metrics = http(url) + "/metrics"
    assert await get_status(metrics) == 403
    assert await get_status(metrics, {"Authorization": "Bearer wrong"}) == 403
    assert await get_status(metrics, {"Authorization": "Bearer sesame"}) == 200


# ---------------------------------------------------------------- websocket origins


async def test_a_page_on_a_name_pointed_at_the_server_cannot_open_a_socket(
    server_url: str,
) -> None:
    """DNS rebinding: an attacker's page at http://evil.example:PORT whose name now resolves to
    this server sends Host and Origin that match each other, and names nothing we serve."""
    port = port_of(server_url)
    for host, origin in [
        (f"evil.example:{port}", f"http://evil.example:{port}"),
        ("evil.example", "http://evil.example"),
        ("evil.example", "https://evil.example"),
        (f"evil.localhost:{port}", f"http://evil.localhost:{port}"),
    ]:
        assert await handshake_status(server_url, host, origin) == 403, (host, origin)


async def test_a_page_opened_as_localhost_or_an_ip_address_opens_a_socket(
    server_url: str,
) -> None:
    """`brink serve` opened at http://localhost:8080/, and on a classroom network with
    `--host 0.0.0.0` at http://192.168.1.20:8080/: the page's origin is the Host it asked."""
    port = port_of(server_url)
    for host, origin in [
        (f"localhost:{port}", f"http://localhost:{port}"),
        (f"127.0.0.1:{port}", f"http://127.0.0.1:{port}"),
        (f"[::1]:{port}", f"http://[::1]:{port}"),
        ("192.168.1.20:8080", "http://192.168.1.20:8080"),
        ("192.168.1.20:8080", "https://192.168.1.20:8080"),
        (f"LocalHost:{port}", f"http://localhost:{port}"),
        (f"localhost:{port}", None),
    ]:
        assert await handshake_status(server_url, host, origin) == 101, (host, origin)
    for host, origin in [
        (f"127.0.0.1:{port}", f"http://localhost:{port}"),
        (f"localhost:{port}", "http://localhost:1"),
        ("192.168.1.20:8080", "http://192.168.1.21:8080"),
        (f"localhost:{port}", "null"),
        (f"localhost:{port}", f"ftp://localhost:{port}"),
        (f"localhost:{port}", f"http://localhost:{port}x"),
    ]:
        assert await handshake_status(server_url, host, origin) == 403, (host, origin)


async def test_a_browser_on_the_classroom_network_opens_a_socket(
    lan_server: tuple[str, str],
) -> None:
    address, url = lan_server
    own = "http://" + url.removeprefix("ws://").split("/", 1)[0]
    async with websockets.connect(url, origin=Origin(own)) as opened:
        await opened.send(json.dumps(HELLO))
        assert json.loads(await opened.recv())["type"] == "welcome"
    with pytest.raises(InvalidStatus) as refused:
        await websockets.connect(url, origin=Origin(f"http://evil.example:{port_of(url)}"))
    assert refused.value.response.status_code == 403
    assert address in own


async def test_a_name_the_server_is_served_as_may_open_sockets(servers: Start) -> None:
    url = await servers(allowed_origins=["https://class.example.org/"], host="brink.lan")
    for host, origin in [
        ("class.example.org", "https://class.example.org"),  # configured
        ("class.example.org", "HTTPS://Class.Example.Org"),
        ("whatever", "https://class.example.org"),  # configured: the Host does not matter
        ("class.example.org:8080", "http://class.example.org:8080"),  # a configured name
        ("brink.lan:8080", "http://brink.lan:8080"),  # the name it listens on
    ]:
        assert await handshake_status(url, host, origin) == 101, (host, origin)
    for host, origin in [
        ("evil.example", "http://evil.example"),
        ("class.example.org", "http://evil.example"),
        ("evil.example", "http://class.example.org"),
    ]:
        assert await handshake_status(url, host, origin) == 403, (host, origin)


# ---------------------------------------------------------------- new rooms and open sockets


async def test_new_rooms_over_the_limit_per_connection_are_refused_and_it_stays_up(
    servers: Start, connect: Connect, redis_url: str
) -> None:
    url = await servers(rooms_per_connection=2, rooms_per_address=100, rooms_window=FOREVER)
    first = await connect(url)
    assert made(await first.new_room(number=1))
    assert made(await first.new_room(number=2))
    assert limited(await first.new_room(number=3), "this connection")
    assert limited(await first.new_room("play_bot"), "this connection")
    assert limited(await first.new_room("quick_match"), "this connection")
    await first.still_up()
    assert await rooms_in(redis_url) == 2
    second = await connect(url)
    assert made(await second.new_room("play_bot"))
    assert await rooms_in(redis_url) == 3


async def test_new_rooms_from_one_address_are_counted_across_connections_and_processes(
    servers: Start, connect: Connect, redis_url: str
) -> None:
    """Each connection asks once, alternating between two server processes: the address's
    fourth request for a room is refused, whichever process and kind of request it is."""
    options = {"rooms_per_address": 3, "rooms_per_connection": 100, "rooms_window": FOREVER}
    urls = [await servers(**options), await servers(**options)]
    sockets = [await connect(urls[number % 2]) for number in range(5)]
    assert made(await sockets[0].new_room("create_room"))
    assert made(await sockets[1].new_room("play_bot"))
    assert made(await sockets[2].new_room("quick_match"))
    assert limited(await sockets[3].new_room("create_room"), "your network address")
    assert limited(await sockets[4].new_room("play_bot"), "your network address")
    for opened in sockets:
        await opened.still_up()
    assert await rooms_in(redis_url) == 2  # the quick match waits for a partner
    assert (await counted(redis_url)).keys() == {"127.0.0.1"}


async def test_the_room_limit_starts_again_with_the_next_window(
    servers: Start, connect: Connect
) -> None:
    url = await servers(rooms_per_address=1, rooms_window=1.0)
    opened = await connect(url)
    replies = [await opened.new_room(number=number) for number in range(3)]
    assert any(reply["type"] == "error" for reply in replies), "nothing was refused"
    refusal = next(reply for reply in replies if reply["type"] == "error")
    assert limited(refusal, "wait 1 s")
    async with asyncio.timeout(3):
        number = 3
        while not made(await opened.new_room(number=number)):
            number += 1
            await asyncio.sleep(0.1)


async def test_a_trusted_proxy_names_the_client_and_a_client_cannot(
    servers: Start, connect: Connect, redis_url: str
) -> None:
    """Behind our proxies, the address is the last one X-Forwarded-For names that is not one of
    them; whatever a client writes in the header itself stays to the left of it."""
    url = await servers(
        trusted_proxies=["127.0.0.1", "10.9.0.0/16"], rooms_per_address=1, rooms_window=FOREVER
    )
    ada = await connect(url, forwarded_for="198.51.100.1")
    assert made(await ada.new_room())
    spoofing = await connect(url, forwarded_for="203.0.113.77, 198.51.100.1")
    assert limited(await spoofing.new_room(), "your network address")
    chained = await connect(url, forwarded_for="198.51.100.2, 10.9.0.5")
    assert made(await chained.new_room())
    unreadable = await connect(url, forwarded_for="not-an-address, 10.9.0.6")
    assert made(await unreadable.new_room())  # counted against the proxy that vouched for it
    assert await counted(redis_url) == {"198.51.100.1": 2, "198.51.100.2": 1, "10.9.0.6": 1}


async def test_x_forwarded_for_from_a_peer_that_is_not_our_proxy_is_ignored(
    servers: Start, connect: Connect, redis_url: str
) -> None:
    url = await servers(rooms_per_address=1, rooms_window=FOREVER)
    ada = await connect(url, forwarded_for="198.51.100.1")
    assert made(await ada.new_room())
    bo = await connect(url, forwarded_for="198.51.100.2")
    assert limited(await bo.new_room(), "your network address")
    assert await counted(redis_url) == {"127.0.0.1": 2}


async def test_open_sockets_per_address_are_capped(servers: Start, connect: Connect) -> None:
    url = await servers(connections_per_address=2, trusted_proxies=["127.0.0.1"])
    held = [await connect(url, forwarded_for="198.51.100.1") for _ in range(2)]
    with pytest.raises(InvalidStatus) as refused:
        await connect(url, forwarded_for="198.51.100.1")
    assert refused.value.response.status_code == 429
    assert b"too many connections" in refused.value.response.body
    assert refused.value.response.headers["Retry-After"] == "10"
    others = [await connect(url, forwarded_for="198.51.100.2"), await connect(url)]
    for opened in held + others:
        await opened.still_up()
    await held.pop().close()
    async with asyncio.timeout(3):  # the server lets go of the socket a moment after it closes
        while True:
            try:
                held.append(await connect(url, forwarded_for="198.51.100.1"))
                break
            except InvalidStatus:
                await asyncio.sleep(0.05)
    async with aiohttp.ClientSession() as session, session.get(http(url) + "/metrics") as reply:
        assert 'brink_refused_total{code="too_many_connections"}' in await reply.text()


# ---------------------------------------------------------------- tokens and keys


async def play_to_the_end(player: BrinkClient, side: str) -> None:
    for _ in range(300):
        view = player.view
        if view["outcome"]:
            return
        if view["to_act"] == side:
            await player.act(Call() if view["facing"] else Check())
        elif view["phase_kind"] == "talks" and side not in view["passed"]:
            await player.act(PassTalks())
        else:
            await player.next_update(timeout=5)
    raise AssertionError("the game did not end")


async def every_way_in(url: str) -> list[str]:
    """Use every request that hands out or takes a secret: create a room (instructor key), join
    two seats, the instructor, resume a seat, try a wrong token and key, quick match, and play a
    bot to the end of the game (the archive). Return every secret handed out."""
    async with (
        BrinkClient(url, "Teacher") as teacher,
        BrinkClient(url, "Ada") as ada,
        BrinkClient(url, "Bo") as bo,
        BrinkClient(url, "Mei") as mei,
        BrinkClient(url, "Tom") as tom,
        BrinkClient(url, "Li") as li,
    ):
        room = await teacher.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await teacher.join(room.code, instructor_key=room.instructor_key)
        await ada.act(Check())
        await ada.reconnect()
        async with BrinkClient(url, "Eve") as eve:
            with pytest.raises(ServerError):
                await eve.resume(room.code, "x" * 32)
            with pytest.raises(ServerError):
                await eve.join(room.code, instructor_key="y" * 24)
        waiting = asyncio.create_task(mei.quick_match("intro"))
        await asyncio.sleep(0.2)
        await tom.quick_match("intro")
        await waiting
        await li.play_bot(scenario="intro", side="beijing", bot="hawk")
        await play_to_the_end(li, "beijing")
        async with (
            aiohttp.ClientSession() as session,
            session.get(http(url) + f"/api/rooms/{room.code}") as reply,
        ):
            assert reply.status == 200
        tokens = [client.token for client in (ada, bo, mei, tom, li)]
    found = [room.instructor_key, *[token for token in tokens if token]]
    assert len(found) == 6
    return found


async def everything_in_redis(redis_url: str) -> str:
    """Return every key and every value Redis holds, as one text."""
    parts: list[str] = []
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        async for key in redis.scan_iter("*"):
            kind = await redis.type(key)
            value: Any
            if kind == "string":
                value = await redis.get(key)
            elif kind == "hash":
                value = await redis.hgetall(key)
            elif kind == "list":
                value = await redis.lrange(key, 0, -1)
            elif kind == "set":
                value = sorted(await redis.smembers(key))
            elif kind == "zset":
                value = await redis.zrange(key, 0, -1, withscores=True)
            elif kind == "stream":
                value = await redis.xrange(key)
            else:
                raise AssertionError(f"{key!r} is a {kind!r}: look into it too")
            parts.append(f"{key!r} {value!r}")
    return "\n".join(parts)


async def test_tokens_and_keys_are_long_random_and_stored_only_hashed(
    server_url: str, redis_url: str, tmp_path: Path
) -> None:
    secrets = await every_way_in(server_url)
    key, tokens = secrets[0], secrets[1:]
    assert len(set(secrets)) == len(secrets)
    assert len(key) >= 24 and all(len(token) >= 32 for token in tokens)  # 144 and 192 bits
    stored = await everything_in_redis(redis_url)
    archived = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert archived, "the finished game was not archived"
    on_disk = "\n".join(path.read_text(errors="replace") for path in archived)
    for secret in secrets:
        assert secret not in stored, "a raw token or key is in Redis"
        assert secret not in on_disk, "a raw token or key is in the archive"
    for secret in secrets:  # what is kept is the hash
        assert token_hash(secret) in stored


async def test_the_server_logs_no_token_or_key_even_at_debug(
    server_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = await every_way_in(server_url)
    await asyncio.sleep(0.1)  # the access log line of each socket is written as it closes
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    # The test's own clients use the websockets library, which logs their frames at DEBUG:
    # those are the clients' logs, not the server's.
    server_lines = [
        formatter.format(record)
        for record in caplog.records
        if not record.name.startswith("websockets")
    ]
    assert any(line.startswith("aiohttp.access") for line in server_lines), "nothing captured"
    for secret in secrets:
        leaked = [line for line in server_lines if secret in line]
        assert leaked == [], "a token or key was logged"


async def test_a_token_or_key_opens_only_its_own_room(server_url: str) -> None:
    async with (
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Bo") as bo,
        BrinkClient(server_url, "Eve") as eve,
    ):
        first = await ada.create_room("intro", timers=False)
        second = await bo.create_room("intro", timers=False)
        await ada.join(first.code, "washington")
        await bo.join(second.code, "washington")
        assert ada.token and bo.token
        for code, token in ((second.code, ada.token), (first.code, bo.token)):
            with pytest.raises(ServerError) as refused:
                await eve.resume(code, token)
            assert refused.value.code == "bad_token"
        for code, key in ((second.code, first.instructor_key), (first.code, second.instructor_key)):
            with pytest.raises(ServerError) as refused:
                await eve.join(code, instructor_key=key)
            assert refused.value.code == "bad_key"
        # A seat holder cannot hop to another room on the same connection either.
        with pytest.raises(ServerError) as refused:
            await ada.join(second.code, "beijing")
        assert refused.value.code == "already_joined"
        joined = await eve.resume(first.code, ada.token)  # in its own room, the token works
        assert (joined.code, joined.seat) == (first.code, "washington")
