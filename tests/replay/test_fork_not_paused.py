"""A "what if" taken where the game it continues was paused by its instructor is not paused: the
pause was that game's. The grafted `paused` notice was taken in as the new room's own, and
with timers off nothing could ever resume it for a player (who holds no instructor key): every
move refused "paused". Against a real server on a real Redis."""

from __future__ import annotations

from controlkit import control, seated_room
from replaykit import keyed_json, quiet, quiet_moves

from client.connection import BrinkClient
from client.rules import http_base


async def test_a_what_if_of_a_paused_game_plays_on(server_url: str, redis_url: str) -> None:
    async with seated_room(server_url, redis_url, timers=False) as (teacher, ada, bo, room):
        await quiet_moves((ada, bo), 2)
        await control(teacher, "pause", room.code)
    key = str(room.instructor_key)
    base = http_base(server_url)
    entries = (await keyed_json("GET", f"{base}/api/games/{room.code}", key))["entries"]
    made = await keyed_json(
        "POST", f"{base}/api/games/{room.code}/fork", key, {"step": entries, "bots": {}}
    )
    async with BrinkClient(server_url, "Cy") as cy, BrinkClient(server_url, "Di") as di:
        await cy.join(made["code"], "washington")
        await di.join(made["code"], "beijing")
        offered = [(p, m) for p in (cy, di) if (m := quiet(p)) is not None]
        assert offered, "no move offered to either side: the what-if is paused"
        mover, move = offered[0]
        accepted = await mover.act(move)
        assert accepted.n > made["step"]
