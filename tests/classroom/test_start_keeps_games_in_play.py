"""Start all rooms leaves a game in play as it is (a real server, Redis and websockets).

A class's rooms start as soon as both sides sit down, so Start all rooms stays on offer (the class
is `open` until it is clicked). A teacher who removed a room's Washington mid-game, then clicked
it, had that room made again with a bot for Washington and Beijing moved into it: the hand played
was thrown away and the game began again, and the room, with its record, was no longer the
class's (nor in the debrief); a room all of whose students were removed was dropped. A room
whose game has begun (a move made, with timers or without) is now kept as it is: the bot for
an empty side of a game in play is the room's Controls' *Bot in*; rooms where nobody has moved
yet are made again as before."""

from __future__ import annotations

from typing import Any

import pytest
from classkit import signed_in
from faultkit import step
from redis.asyncio import Redis
from web.probekit import make_class, seated

from server.storage.store import Store


@pytest.mark.parametrize("timers", [True, False])
async def test_start_all_rooms_keeps_games_in_play_with_an_emptied_side(
    server_url: str, redis_url: str, timers: bool
) -> None:
    """With timers or without (a class without them has no clock to say a game began: its
    moves do)."""
    web_url = server_url.replace("ws://", "http://").removesuffix("/ws")
    roster = "Ada\nBo\nCy\nDi\n"
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text=roster, timers=timers)
    code, (first, second) = made["code"], made["rooms"]
    ada, bo, cy, di = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Di")]
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        assert (ada.code, ada.seat, bo.code, bo.seat) == (first, "washington", first, "beijing")
        for _ in range(2):
            assert await step({"washington": ada, "beijing": bo})
        assert (cy.code, cy.seat, di.code, di.seat) == (second, "washington", second, "beijing")
        assert await step({"washington": cy, "beijing": di})  # Room 2's game has begun too
        async with await signed_in(server_url) as teacher:
            for student in ("s1", "s3", "s4"):  # Ada (Room 1's Washington), Cy and Di (Room 2)
                async with teacher.delete(f"/api/classes/{code}/students/{student}") as removed:
                    assert removed.status == 200, await removed.text()
            played = await Store(redis).position(first)
            async with teacher.post(f"/api/classes/{code}/start") as started:
                assert started.status == 200, await started.text()
                info = await started.json()
        assert info["rooms"] == [first, second]
        assert info["bot_sides"].get(first, []) == []
        (bo_now,) = [s for s in info["students"] if s["name"] == "Bo"]
        assert (bo_now["room"], bo_now["seat"]) == (first, "beijing")
        assert await Store(redis).position(first) >= played  # its game goes on from there
    finally:
        await redis.aclose()
        for client in (ada, bo, cy, di):
            await client.close()
