"""A "what if" plays with the bots its maker chose, whatever bots stood in during the game it
continues. Found using replays: a game where the teacher let a bot stand in for Beijing and
handed the side back, forked after that with Beijing to a bot, had no bot on Beijing (the web
form's fork waited for a Beijing player forever); forked while the stand-in played, with both
sides to people, had the stand-in playing Beijing in the room, though not in its Redis meta.
The grafted log's `bot_in`/`bot_out` notices were taken in as the new room's own
(server/live/rooms.py `remember`): no longer. Against a real server on a real Redis."""

from __future__ import annotations

from controlkit import control, eventually, notices, seated_room, until
from replaykit import keyed_json, quiet_moves

from client.rules import http_base


async def test_a_what_if_has_the_bots_its_maker_chose(server_url: str, redis_url: str) -> None:
    async with seated_room(server_url, redis_url, timers=False) as (teacher, ada, bo, room):
        await quiet_moves((ada, bo), 2)
        await bo.drop()
        await eventually(lambda: any(p.status == "away" for p in ada.presence))
        await control(teacher, "bot_in", room.code, seat="beijing", bot="dove")
        await until(ada, lambda: notices(ada, "bot_in"))
        await control(teacher, "bot_out", room.code, seat="beijing")
        await until(ada, lambda: notices(ada, "bot_out"))
    key = str(room.instructor_key)
    base = http_base(server_url)
    entries = (await keyed_json("GET", f"{base}/api/games/{room.code}", key))["entries"]
    fork = f"{base}/api/games/{room.code}/fork"
    hawk = {"step": entries, "bots": {"beijing": "hawk"}}
    handed_back = await keyed_json("POST", fork, key, hawk)
    before_bot_out = {"step": entries - 1, "bots": {}}
    during = await keyed_json("POST", fork, key, before_bot_out)
    for made, bots in ((handed_back, {"beijing": "hawk"}), (during, {})):
        info = await keyed_json("GET", f"{base}/api/rooms/{made['code']}", key)
        assert info["bots"] == bots, (made, info)
