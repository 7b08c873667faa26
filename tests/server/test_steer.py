"""Room-affine workers (server/web/steer.py): under `brink serve --workers 2`, a connection that
names its room in its URL (`/ws?room=CODE`) is served by the worker that made the room, whichever
worker the kernel gave it to; anything else is served where it arrived."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
import websockets
from workerkit import Serve, Served, holders, on_two_workers

from client.connection import BrinkClient
from client.link import steered
from server.engine.commands import Check
from server.protocol.codes import home
from server.web.steer import room_named


async def guest(served: Served, code: str, seat: str | None, name: str) -> BrinkClient:
    """A client whose socket names room `code`, joined to it (`seat` None: watching)."""
    client = BrinkClient(f"{served.url}?room={code}", name)
    await client.connect()
    await client.join(code, seat)
    return client


async def test_the_sockets_naming_a_room_are_served_by_the_worker_that_made_it(
    serve: Serve, redis_url: str
) -> None:
    served = await serve(redis_url)
    for _ in range(3):  # rooms made on whichever worker their maker landed on
        await one_room_on_one_worker(served, redis_url)


async def one_room_on_one_worker(served: Served, redis_url: str) -> None:
    maker = BrinkClient(served.url, "Ada")
    await maker.connect()
    room = await maker.create_room("intro", timers=False)
    await maker.join(room.code, "washington")
    made_on = served.worker_of(maker)
    bo = await guest(served, room.code, "beijing", "Bo")
    watchers = [await guest(served, room.code, None, f"W{i}") for i in range(4)]
    try:
        # Six sockets: with the kernel's spread alone, all on the maker's worker 1 time in 64.
        assert {served.worker_of(c) for c in (bo, *watchers)} == {made_on}
        assert len(await holders(redis_url, room.code)) == 1  # no pub/sub between workers
        before = bo.n  # and the sockets handed over play as any other
        await maker.act(Check())
        await bo.wait_for(lambda view: bo.n > before)
        await asyncio.gather(*(w.wait_for(lambda view, w=w: w.n >= bo.n) for w in watchers))
    finally:
        for client in (maker, bo, *watchers):
            await client.close()


async def test_a_player_who_reconnects_comes_back_on_the_rooms_worker(
    serve: Serve, redis_url: str
) -> None:
    served = await serve(redis_url)
    ada, bo = await on_two_workers(served, ("Ada", "Bo"))  # Bo first lands on the other one
    try:
        room = await ada.create_room("intro", timers=False)
        assert not (await ada.join(room.code, "washington")).elsewhere  # the room's home
        assert (await bo.join(room.code, "beijing")).elsewhere  # told: not the room's worker
        assert len(await holders(redis_url, room.code)) == 2
        assert not (await bo.reconnect()).elsewhere  # its new socket names the room
        assert served.worker_of(bo) == served.worker_of(ada)
        before = ada.n
        await bo.act(Check()) if bo.view["to_act"] == "beijing" else await ada.act(Check())
        await ada.wait_for(lambda view: ada.n > before)
    finally:
        await ada.close()
        await bo.close()


async def test_a_client_told_its_room_before_it_connects_lands_on_the_rooms_worker(
    serve: Serve, redis_url: str
) -> None:
    """`brink play --room CODE`, `brink bot CODE` and `--seat spectator`: BrinkClient(room=)."""
    served = await serve(redis_url)
    maker = BrinkClient(served.url, "Ada")
    await maker.connect()
    try:
        code = (await maker.create_room("intro", timers=False)).code
        for seat in ("beijing", None, None, None):  # all on the maker's worker by chance: 1 in 16
            client = BrinkClient(served.url, "Bo", room=code.lower())
            await client.connect()
            try:
                assert served.worker_of(client) == served.worker_of(maker)
                assert not (await client.join(code, seat)).elsewhere
            finally:
                await client.close()
    finally:
        await maker.close()


@pytest.mark.parametrize(
    "query",
    ["?room=NOSUCH", "?room=", "?room=../../x", "?room=" + "A" * 40, "?room=abc&room=XYZ", "?x=1"],
)
async def test_a_socket_naming_no_room_of_its_own_is_served_where_it_arrived(
    serve: Serve, redis_url: str, query: str
) -> None:
    served = await serve(redis_url)
    async with websockets.connect(served.url + query) as ws:
        await ws.send('{"type": "hello", "id": "h", "protocol_version": 2}')
        assert '"welcome"' in str(await ws.recv())
        await ws.send('{"type": "join", "id": "j", "code": "QQQQQQ"}')
        assert '"room_not_found"' in str(await ws.recv())


UPGRADE = (
    "GET /ws?room={code} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)


async def test_a_request_sent_a_byte_at_a_time_is_still_served(
    serve: Serve, redis_url: str
) -> None:
    """Its request line is whole before the rest has come: the rest reaches whichever worker
    holds the socket by then."""
    served = await serve(redis_url)
    port = int(served.url.split(":")[2].split("/")[0])
    maker = BrinkClient(served.url, "Ada")
    await maker.connect()
    code = (await maker.create_room("intro", timers=False)).code
    made_on = served.worker_of(maker)
    try:
        for request, want in [
            ("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", b"200"),
            (UPGRADE.format(code=code), b"101"),
        ] * 3:  # each on either worker
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for byte in request.encode():
                writer.write(bytes([byte]))
                await writer.drain()
            status = await reader.readline()
            assert status.startswith(b"HTTP/1.1 " + want), status
            if want == b"101":
                mine = writer.get_extra_info("sockname")[1]

                def held(mine: int = mine) -> list[int]:
                    return [
                        w.pid
                        for w in served.workers()
                        for c in w.net_connections(kind="tcp")
                        if c.raddr and c.raddr.port == mine
                    ]

                # The worker that handed it over closes its own descriptor a moment after
                # sending it (uvloop closes on its next turn): CI once caught both holding it.
                for _ in range(100):
                    if held() == [made_on]:
                        break
                    await asyncio.sleep(0.02)
                assert held() == [made_on]
            writer.close()
    finally:
        await maker.close()


def test_the_room_a_request_names() -> None:
    assert room_named(b"GET /ws?room=ABC234 HTTP/1.1\r\nHost: x\r\n") == "ABC234"
    assert room_named(b"GET /ws?v=2&room=XYZ789 HTTP/1.1\r\n") == "XYZ789"
    assert room_named(b"GET /ws?room=ABC234 HTTP/1.1") is None  # the line not whole yet
    assert room_named(b"GET /api/rooms?room=ABC234 HTTP/1.1\r\n") is None
    assert room_named(b"POST /ws?room=ABC234 HTTP/1.1\r\n") is None
    assert room_named(b"GET /ws?room=%00%FF HTTP/1.1\r\n") is None
    assert room_named(b"\xff\xfe garbage\r\n") is None


def test_a_clients_url_names_its_room_once() -> None:
    assert steered("ws://h/ws", "ABC234") == "ws://h/ws?room=ABC234"
    assert steered("ws://h/ws?x=1", "ABC234") == "ws://h/ws?x=1&room=ABC234"
    assert steered("ws://h/ws?room=ABC234", "ABC234") == "ws://h/ws?room=ABC234"
    assert steered("ws://h/ws", None) == "ws://h/ws"


def test_every_worker_is_some_rooms_home() -> None:
    codes = [f"{a}{b}QQQQ" for a in "ABCDEFGH" for b in "23456789"]
    for workers in (1, 2, 3, 8):
        assert {home(code, workers) for code in codes} == set(range(workers))


async def test_a_peek_at_a_room_leaves_no_worker_holding_it(serve: Serve, redis_url: str) -> None:
    """The landing page reads a typed code's room (GET /api/rooms/CODE) on whichever worker
    the kernel picks: that worker lets the room go again (else every commit of the game would
    be published to it)."""
    served = await serve(redis_url)
    maker = BrinkClient(served.url, "Ada")
    await maker.connect()
    try:
        room = await maker.create_room("intro", timers=False)
        await maker.join(room.code, "washington")
        http = served.url.replace("ws://", "http://").removesuffix("/ws")
        for _ in range(6):  # new connections: on either worker (all on the maker's 1 in 64)
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"{http}/api/rooms/{room.code}") as reply,
            ):
                assert (await reply.json())["seats"] == {"washington": "Ada"}
        async with asyncio.timeout(10):  # let go by a script of its own, just after
            while len(await holders(redis_url, room.code)) != 1:
                await asyncio.sleep(0.05)
        before = maker.n  # and the room plays on
        await maker.act(Check())
        assert maker.n > before
    finally:
        await maker.close()
