"""HTTP routes of the debrief (docs/debrief.md): for the signed-in instructor, over the rooms
they made — a class's rooms, or any list of their own rooms.

    GET /api/classes/{code}/debrief                         a class's debrief (JSON)
    GET /api/classes/{code}/export.csv?rows=events|games    one row per log entry | per game
    GET /api/classes/{code}/export.json                     debrief, games and events in one file
    GET /api/debrief?rooms=CODE,CODE                        the same for any rooms of theirs
    GET /api/debrief/export.csv?rooms=…&rows=events|games
    GET /api/debrief/export.json?rooms=…

Only the instructor's session cookie counts (`require_instructor`): a seat token, a room's
instructor key or no credentials get 401. A room that is not theirs is answered like one that
does not exist (404 `room_not_found`, naming the code asked for); so is a class that is not
theirs (404 `class_not_found`). Records are read from Redis and verified in a thread once a
process (kept as the replays keep them: server/web/games.py `replays_of`), then worked through
in a thread, so a class of 25 rooms does not hold up the games this process serves."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from server.classroom.classes import load_class
from server.classroom.leavers import class_held, entry_lefts
from server.classroom.model import CLASS_CODE
from server.live.games import Replays
from server.protocol.codes import HISTORY_CODE
from server.replay.debrief import debrief
from server.replay.debrief_export import events_csv, export_json, games_csv
from server.replay.debrief_holders import Held
from server.replay.record import RecordError
from server.replay.verify import Verified
from server.web.appkeys import HUB, REDIS
from server.web.auth import require_instructor
from server.web.games import replays_of

MAX_ROOMS = 60
SKIPPED = web.RequestKey("debrief_skipped", list)
"""The rooms a debrief was asked for that it does not show, each with why (`skipped`)."""
CODE_CHARS = set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
PRIVATE = {"Cache-Control": "no-store"}


def _refuse(
    kind: type[web.HTTPException], code: str, message: str, **extra: str
) -> web.HTTPException:
    body = json.dumps({"error": code, "message": message, **extra})
    return kind(text=body, content_type="application/json", headers=PRIVATE)


def room_codes(text: str, skipped: list[dict[str, str]] | None = None) -> list[str]:
    """Return the room codes of a `rooms=` query (comma-separated, each once, in order, in
    either case). Something that is not a room code is refused, or, given `skipped`, listed
    there (`room`, `why`: `bad_room_code`) and left out."""
    codes: list[str] = []
    for part in text.split(","):
        code = part.strip().upper()
        if not code:
            continue
        if not 4 <= len(code) <= 8 or not set(code) <= CODE_CHARS:
            if skipped is None:
                message = f"not a room code: {code[:12]!r}"
                raise _refuse(web.HTTPBadRequest, "bad_room_code", message)
            skipped.append({"room": part.strip()[:12], "why": "bad_room_code"})
            continue
        if code not in codes:
            codes.append(code)
    if not codes and skipped:
        bad = skipped[0]["room"]
        raise _refuse(web.HTTPBadRequest, "bad_room_code", f"not a room code: {bad!r}")
    if not codes:
        raise _refuse(web.HTTPBadRequest, "no_rooms", "name the rooms: ?rooms=CODE,CODE")
    if len(codes) > MAX_ROOMS:
        raise _refuse(web.HTTPBadRequest, "too_many_rooms", f"at most {MAX_ROOMS} rooms at once")
    return codes


async def owned_games(
    request: web.Request, owner: str, codes: list[str], skipped: list[dict[str, str]] | None = None
) -> list[Verified]:
    """Return the rooms `codes` verified, each of which `owner` must have made (given `skipped`,
    one that is not is listed there, `why` `room_not_found`, and left out: 404 only when none
    is left); 409 `bad_record` if a record does not read or replay. Each is the process's own,
    as the replays keep it (server/web/games.py `replays_of`): a debrief asked for again, or a
    game replayed meanwhile, is not verified again (25 long games take about a second)."""
    replays = replays_of(request.app[HUB])
    theirs = []
    for code in codes:  # every room is theirs before any is read
        summary = await replays.summary(code)
        if summary is None or not owner or summary.get("owner") != owner:
            if skipped is None:
                raise _refuse(
                    web.HTTPNotFound, "room_not_found", "no such room of yours", room=code
                )
            skipped.append({"room": code, "why": "room_not_found"})
            continue
        theirs.append(code)
    if not theirs and skipped:
        missing = next(s["room"] for s in skipped if s["why"] == "room_not_found")
        raise _refuse(web.HTTPNotFound, "room_not_found", "no such room of yours", room=missing)
    codes[:] = theirs
    games = []
    for code in codes:
        found = await _opened(replays, code)
        if found is None:
            raise _refuse(web.HTTPNotFound, "room_not_found", "no such room", room=code)
        games.append(found)
    return games


async def _opened(replays: Replays, code: str) -> Verified | None:
    try:
        return await replays.open(code)
    except RecordError as error:
        raise _refuse(web.HTTPConflict, "bad_record", str(error)) from None


async def worked_out(request: web.Request, games: list[Verified], job: Callable[..., Any]) -> Any:
    """Run `job(games, history)` in a thread (the historical line verified, as the replays keep
    it), so that a class's debrief does not hold up the games this process serves."""
    replays = replays_of(request.app[HUB])
    line = await _opened(replays, HISTORY_CODE) if request.app[HUB].history is not None else None
    return await asyncio.to_thread(job, games, line)


Found = tuple[str | None, str, list[str], list[Held], list[dict[str, str]] | None]
Rooms = Callable[[web.Request, str], Awaitable[Found]]
"""Given the request and the signed-in instructor: the class code (or None), its title, its
rooms, the seats its students left mid-game (credited: server/replay/debrief_holders.py), and
for any list of rooms the list the rooms asked for that cannot be shown go in (`skipped`: the
others are shown; None for a class, whose rooms are all its instructor's)."""


async def listed_rooms(request: web.Request, owner: str) -> Found:
    skipped: list[dict[str, str]] = []
    return None, "", room_codes(request.query.get("rooms", ""), skipped), [], skipped


async def class_rooms(request: web.Request, owner: str) -> Found:
    """The class's code, title, rooms in order, and the seats its students left; 404 if the
    class is not the instructor's."""
    code = request.match_info["code"].upper()
    session = await load_class(request.app[REDIS], code) if CLASS_CODE.match(code) else None
    if session is None or session.owner != owner:
        raise _refuse(web.HTTPNotFound, "class_not_found", f"you have no class {code[:12]}")
    replays, lefts = replays_of(request.app[HUB]), {}
    for room in session.rooms:  # who clicked Leave, from the records (kept as long as the class)
        found = await _opened(replays, room)
        if found is not None:
            lefts[room] = entry_lefts(found.record.entries)
    held = class_held(session, lefts)
    return session.code, session.title, list(session.rooms), held, None


def numbered(label: str | None, codes: list[str]) -> dict[str, int] | None:
    """Return a class's rooms' numbers (1, 2, … in the class's order); none for other rooms."""
    return {code: n for n, code in enumerate(codes, 1)} if label is not None else None


def debrief_routes(rooms: Rooms) -> dict[str, Callable[[web.Request], Awaitable[web.Response]]]:
    """Return the three handlers (debrief, CSV, JSON) over the rooms that `rooms` names."""

    async def gather(
        request: web.Request,
    ) -> tuple[str | None, str, list[str], list[Verified], list[Held]]:
        owner = await require_instructor(request)
        label, title, codes, held, skipped = await rooms(request, owner)
        games = await owned_games(request, owner, codes, skipped)
        request[SKIPPED] = skipped or []
        return label, title, codes, games, held

    async def show(request: web.Request) -> web.Response:
        label, title, codes, games, held = await gather(request)
        found = await worked_out(request, games, lambda games, line: debrief(games, line, held))
        found["class"] = label
        found["skipped"] = request[SKIPPED]  # rooms asked for that are not shown
        if label is not None:  # as the dashboard names them: its title, Room 1, Room 2...
            found["class_title"] = title
            found["room_numbers"] = numbered(label, codes)
        return web.json_response(found, headers=PRIVATE)

    async def as_csv(request: web.Request) -> web.Response:
        rows = request.query.get("rows", "events")
        if rows not in ("events", "games"):
            raise _refuse(web.HTTPBadRequest, "bad_query", "rows is events or games", field="rows")
        label, _, codes, games, held = await gather(request)
        numbers = numbered(label, codes)

        def writer(games: list[Verified], numbers: dict[str, int] | None, held: list[Held]) -> str:
            if rows == "events":
                return events_csv(games, numbers, held)
            return games_csv(games, numbers, held)

        text = await worked_out(request, games, lambda games, _: writer(games, numbers, held))
        name = f"debrief-{label or '-'.join(codes[:3])}-{rows}.csv"
        return web.Response(
            text="\ufeff" + text,  # the byte-order mark: spreadsheets then read UTF-8 names
            content_type="text/csv",
            charset="utf-8",
            headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def as_json(request: web.Request) -> web.Response:
        label, _, codes, games, held = await gather(request)
        numbers = numbered(label, codes)

        found = await worked_out(
            request, games, lambda games, line: export_json(games, line, label, numbers, held)
        )
        name = f"debrief-{label or '-'.join(codes[:3])}.json"
        return web.json_response(
            found, headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'}
        )

    return {"debrief": show, "csv": as_csv, "json": as_json}


def add_debrief_routes(app: web.Application) -> None:
    of_class = debrief_routes(class_rooms)
    app.router.add_get("/api/classes/{code}/debrief", of_class["debrief"])
    app.router.add_get("/api/classes/{code}/export.csv", of_class["csv"])
    app.router.add_get("/api/classes/{code}/export.json", of_class["json"])
    listed = debrief_routes(listed_rooms)
    app.router.add_get("/api/debrief", listed["debrief"])
    app.router.add_get("/api/debrief/export.csv", listed["csv"])
    app.router.add_get("/api/debrief/export.json", listed["json"])
