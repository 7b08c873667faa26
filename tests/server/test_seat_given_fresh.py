"""A seat given on (an instructor's `reassign`) whose new holder has not connected yet. Live, the
other players' pages said "Cy · not sat down yet"; a page opened again (a new websocket, as a
reload makes) read it as "Cy · away" — as if Cy had come and gone — for the server kept nothing
that told "never connected since given" from "connected, then dropped". The room's meta now
keeps `fresh:SEAT` until the seat's first connection is counted (or the seat is freed), and a
`joined` lists such seats in `given`: on every process, and after the server restarts.

Real servers on one real Redis, real websockets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from controlkit import control, eventually, seated_room, until
from redis.asyncio import Redis
from serverkit import start_server

from client.connection import BrinkClient
from server.live.connection import SEAT_LOST
from server.storage import keys
from server.storage.liveness import Liveness
from server.storage.store import Store

CODE = "GVFR"


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[Store]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro"}, "h", "{}")
    yield store
    await redis.aclose()


async def test_a_seat_given_on_is_new_until_its_holder_sits_on_any_process_and_after_a_restart(
    redis_url: str, tmp_path: Path
) -> None:
    home, url = await start_server(redis_url, tmp_path)
    other, other_url = await start_server(redis_url, tmp_path)
    stopped = False
    try:
        async with seated_room(url, redis_url, timers=False) as (teacher, ada, bo, room):
            ada_token = ada.token or ""
            assert ada.given == {}
            done = await control(teacher, "reassign", room.code, seat="beijing", name="Cy")
            cy_token = done.results[0].token or ""
            socket = bo._socket
            assert socket is not None
            await socket.wait_closed()
            assert socket.close_code == SEAT_LOST
            # live: Bo's connection closed, the seat "away"; Ada's client knows it waits for Cy
            await eventually(
                lambda: any(p.seat == "beijing" and p.status == "away" for p in ada.presence)
            )
            await until(ada, lambda: ada.given == {"beijing": "Cy"})
            # a page opened again, on the room's process or another: not sat down yet
            for where in (url, other_url):
                async with BrinkClient(where, "Ada") as again:
                    joined = await again.resume(room.code, ada_token)
                    assert joined.given == {"beijing": "Cy"}, where
                    assert joined.present["beijing"] == "away"  # nobody connected: as before
                    assert joined.seats["beijing"] == "Cy"
                    assert again.given == {"beijing": "Cy"}
        # every server stopped, one started on the same Redis: still new
        await home.cleanup()
        await other.cleanup()
        stopped = True
        home, url = await start_server(redis_url, tmp_path)
        async with BrinkClient(url, "Ada") as again:
            joined = await again.resume(room.code, ada_token)
            assert joined.given == {"beijing": "Cy"}
            # Cy sits down: the seat is Cy's, here; their own `joined` lists no seat given
            async with BrinkClient(url, "Cy") as cy:
                mine = await cy.resume(room.code, cy_token)
                assert mine.given == {}
                await eventually(
                    lambda: any(
                        p.seat == "beijing" and p.status == "joined" for p in again.presence
                    )
                )
                assert again.given == {}
                async with BrinkClient(url, "Ada") as third:
                    joined = await third.resume(room.code, ada_token)
                    assert joined.given == {}
                    assert joined.present["beijing"] == "here"
            # Cy's connection closed: Cy came and went, away (not new any more)
            await eventually(
                lambda: any(p.seat == "beijing" and p.status == "away" for p in again.presence)
            )
        async with BrinkClient(url, "Ada") as fourth:
            joined = await fourth.resume(room.code, ada_token)
            assert joined.given == {}
            assert joined.present["beijing"] == "away"
    finally:
        await home.cleanup()
        if not stopped:
            await other.cleanup()


async def test_the_mark_comes_with_the_seat_given_and_goes_with_its_first_connection_or_freeing(
    store: Store,
) -> None:
    meta = keys.room(CODE)
    live = Liveness(store.redis, "p1")
    await store.claim_seat(CODE, "beijing", "b" * 24, "Bo")
    assert await store.redis.hget(meta, "fresh:beijing") is None  # a seat taken: not given
    assert await store.replace_seat(CODE, "beijing", "c" * 24, "Cy") == "Bo"
    assert await store.redis.hget(meta, "fresh:beijing") == "1"
    assert (await store.entries_and_names(CODE, 0))[3] == {"beijing"}
    assert await store.meta(CODE) is not None and "fresh:beijing" not in (
        await store.meta(CODE) or {}
    )
    # a player joining another seat reads it in the same script (JOIN_SEAT)
    joined = await store.join_seat(CODE, "washington", "a" * 24, "Ada", 0, "p1", ("", ""))
    assert joined is not None and joined[4] == {"beijing"}
    # the seat's first connection counted (telling the room: a seating) takes it away
    await live.presence(CODE, "beijing", 1, ("", ""))
    assert await store.redis.hget(meta, "fresh:beijing") is None
    assert (await store.entries_and_names(CODE, 0))[3] == set()
    # given on again, then freed before anyone sat: nothing waits for anyone
    await store.replace_seat(CODE, "beijing", "d" * 24, "Di")
    assert await store.redis.hget(meta, "fresh:beijing") == "1"
    assert await store.free_seat(CODE, "beijing")
    assert await store.redis.hget(meta, "fresh:beijing") is None
