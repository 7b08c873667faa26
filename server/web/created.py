"""HTTP route for the rooms a browser created (docs/replay.md): the Past games screen's "Rooms
you created" in one request, not one request a room.

    GET /api/created-rooms?rooms=CODE,CODE    with `X-Brink-Keys: KEY,KEY`, the rooms' instructor
                                              keys in the same order (up to 50)

Answers `{"games": [...], "matched": [true/false per room]}`: the summary of each finished game
whose own key was given with it (as `GET /api/games` lists a game: `views`, `imported`, no hashes),
in the order asked, and which of the rooms their key opened. A room whose key is wrong, that does
not exist or whose game is still being played is not listed (`matched` false: a page asks for a
running game again once it is over, as it did a room at a time). A key opens only the room named
beside it, so a list of codes confirms no room to a stranger. Counted as a listing of past
games (`game_lists_per_address`, server/web/gamelimits.py)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from server.live.games import ALL, public_summary
from server.storage.store import token_hash
from server.web.appkeys import HUB
from server.web.debrief import room_codes
from server.web.gamelimits import count_listing
from server.web.refusals import json_error

MAX_ROOMS = 50
"""As many keys as `X-Brink-Keys` carries to `GET /api/games`."""
PRIVATE = {"Cache-Control": "no-store"}


def _asked(request: web.Request) -> list[tuple[str, str]]:
    """Return the (room, key) pairs asked for; 400 when the rooms and the keys do not pair."""
    rooms = room_codes(request.query.get("rooms", ""))
    keys = [k.strip() for k in request.headers.get("X-Brink-Keys", "").split(",") if k.strip()]
    if len(rooms) > MAX_ROOMS:
        raise json_error(400, "too_many_rooms", f"at most {MAX_ROOMS} rooms a request")
    if len(keys) != len(rooms):
        why = "X-Brink-Keys must hold one instructor key for each room of rooms=, in order"
        raise json_error(400, "keys_do_not_pair", why)
    return list(zip(rooms, keys, strict=True))


async def created_rooms(request: web.Request) -> web.Response:
    await count_listing(request)
    asked = _asked(request)
    games = request.app[HUB].store.games
    found: list[dict[str, Any]] = []
    matched: list[bool] = []
    for code, key in asked:
        text = await games.summary(code)
        summary = json.loads(text) if text is not None else None
        # a game still being played has no summary kept yet: not listed until it is over
        opened = summary is not None and summary.get("instructor") == token_hash(key)
        matched.append(opened)
        if summary is not None and opened:
            found.append(public_summary(summary, ALL))
    return web.json_response({"games": found, "matched": matched}, headers=PRIVATE)


def add_created_route(app: web.Application) -> None:
    app.router.add_get("/api/created-rooms", created_rooms)
