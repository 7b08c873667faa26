"""HTTP routes for past and running games (docs/replay.md):

    GET  /api/games                      finished games the asker may open (filters, pages)
    GET  /api/games/{code}               one game's summary and its key moments
    GET  /api/games/{code}/step          ?n=&as=&since=  what a viewer had at position n
    GET  /api/games/{code}/record        the whole record (all-seeing views only)
    GET  /api/games/{code}/evaluation    each side's chance of winning along a finished game
                                         (server/web/evaluation.py)
    POST /api/games/{code}/public        {"public": true}  (the instructor key only)
    POST /api/games/{code}/fork          {"step": n, "bots": {side: bot}}  a "what if" room,
                                         with the original room's settings (server/live/forks.py)
    POST /api/games/import               a record (JSONL) made elsewhere -> its code and key
                                         (server/web/imports.py)

Credentials: `Authorization: Bearer KEY` (the room's instructor key), `X-Brink-Tokens:
TOKEN,TOKEN` (seat tokens the browser holds) and, for the listing, `X-Brink-Keys: KEY,KEY`
(several rooms' instructor keys, up to 50). A game the asker may not open is 404, like one
that does not exist (a code is not confirmed to strangers). The listing and the GETs of one
game are limited per client address (server/web/gamelimits.py)."""

from __future__ import annotations

import json
from typing import Any
from weakref import WeakKeyDictionary

from aiohttp import web

from server.bots import BOTS
from server.engine import Viewer
from server.live.forks import ForkRefused, chosen, fork, original
from server.live.games import ALL, Access, Replays, public_summary, viewers
from server.live.hub import Hub
from server.live.records import record_of
from server.protocol.codes import HISTORY_CODE
from server.replay.holders import played_seats, seat_holders
from server.replay.ledger import ledger
from server.replay.record import RecordError
from server.replay.steps import moments, moves_seen, step
from server.replay.steps import shown as shown_entries
from server.replay.verify import Verified
from server.ruleset.schema import SIDES
from server.ruleset.stored import refused_to_play
from server.storage.presenting import Presenting
from server.web.appkeys import HUB, REDIS
from server.web.auth import instructor_of
from server.web.gamelimits import count_listing, count_replay_request
from server.web.holders import class_held
from server.web.imports import count_new_room, import_game, stop_checker
from server.web.refusals import json_error

VIEWER_NAMES: dict[str, Viewer] = {
    "washington": "washington",
    "beijing": "beijing",
    "spectator": "spectator",
    "all": "instructor",
    "instructor": "instructor",
}
PAGE = 20
MAX_PAGE = 500
"""The most games a page (`per_page`) holds: a listing of a store's 5000 newest games in ten
requests (`brink games list --all`), not 250 (each counts against `game_lists_per_address`)."""
CODE_CHARS = set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")


async def _access(request: web.Request) -> Access:
    bearer = request.headers.get("Authorization", "")
    key = bearer[7:].strip() if bearer.lower().startswith("bearer ") else None
    tokens = request.headers.get("X-Brink-Tokens", "")
    held = tuple(t.strip() for t in tokens.split(",") if t.strip())[:50]
    grants = request.headers.get("X-Brink-Present", "")
    handed = [g.strip() for g in grants.split(",") if g.strip()][:5]
    opened = await Presenting(request.app[REDIS]).opened(handed)
    granted = tuple((room, VIEWER_NAMES[view]) for room, view in opened if view in VIEWER_NAMES)
    keys = request.headers.get("X-Brink-Keys", "")
    more = tuple(k.strip() for k in keys.split(",") if k.strip())[:50]
    return Access(key or None, held, await instructor_of(request), granted, more)


async def may_open(request: web.Request, code: str) -> bool:
    """Whether what the request holds (a seat's token, the key, a signed-in owner) or the game
    being public opens finished game `code`'s replay (`GET /api/rooms/CODE` says so, so that a
    page need not ask for the game and be refused)."""
    summary = await replays(request).summary(code)
    return summary is not None and bool(viewers(summary, await _access(request)))


def replays(request: web.Request) -> Replays:
    return replays_of(request.app[HUB])


_REPLAYS: WeakKeyDictionary[Hub, Replays] = WeakKeyDictionary()


def replays_of(hub: Hub) -> Replays:
    """The process's one `Replays` of `hub`, so that its records verified stay cached from one
    request to the next: made anew for each, every summary, step and fork read the whole record
    again and replayed it through the engine (15-25 ms of the event loop a request)."""
    found = _REPLAYS.get(hub)
    if found is None:
        found = _REPLAYS[hub] = Replays(hub)
    return found


def game_code(request: web.Request) -> str:
    code = request.match_info["code"].upper()
    if code == HISTORY_CODE:
        return code
    if not 4 <= len(code) <= 8 or not set(code) <= CODE_CHARS:
        raise web.HTTPNotFound(text='{"error":"game_not_found"}', content_type="application/json")
    return code


def _not_found() -> web.HTTPNotFound:
    return web.HTTPNotFound(text='{"error":"game_not_found"}', content_type="application/json")


async def _allowed(request: web.Request, code: str) -> tuple[dict[str, Any], frozenset[Viewer]]:
    summary = await replays(request).summary(code)
    if summary is None:
        raise _not_found()
    allowed = viewers(summary, await _access(request))
    if not allowed:
        raise _not_found()
    return summary, allowed


async def all_seeing(request: web.Request, code: str) -> dict[str, Any]:
    """Return game `code`'s summary if the asker may open it all-seeing; else 403
    `all_seeing_only` (what only the true position shows: the record, the evaluation graph)."""
    summary, allowed = await _allowed(request, code)
    if "instructor" not in allowed:
        raise web.HTTPForbidden(text='{"error":"all_seeing_only"}', content_type="application/json")
    return summary


def _int(request: web.Request, name: str, default: int) -> int:
    text = request.query.get(name)
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise web.HTTPBadRequest(
            text=f'{{"error":"bad_query","field":"{name}"}}', content_type="application/json"
        ) from None


async def list_games(request: web.Request) -> web.Response:
    await count_listing(request)
    listed, matched = await replays(request).listed(await _access(request))
    query = request.query
    if query.get("scenario"):
        listed = [g for g in listed if g["scenario"] == query["scenario"]]
    if query.get("outcome"):
        listed = [g for g in listed if g["outcome"] == query["outcome"]]
    if query.get("player"):  # everyone who held a seat: a student moved out of it too
        name = query["player"].casefold()
        listed = [g for g in listed if any(name in n.casefold() for n in _held_by(g))]
    since, until = _int(request, "since", 0), _int(request, "until", 0)
    if since:
        listed = [g for g in listed if (g["ended"] or 0) >= since]
    if until:
        listed = [g for g in listed if (g["ended"] or 0) <= until]
    page = max(1, _int(request, "page", 1))
    per_page = min(MAX_PAGE, max(1, _int(request, "per_page", PAGE)))
    shown = listed[(page - 1) * per_page : page * per_page]
    found = {"games": shown, "total": len(listed), "page": page, "per_page": per_page}
    return web.json_response({**found, "matched": matched})


def _held_by(game: dict[str, Any]) -> list[str]:
    """The names of everyone who held a seat of a listed game (`holders`), its last holders."""
    held = [h.get("name", "") for line in game.get("holders", {}).values() for h in line]
    return [*held, *game["seats"].values()]


async def game(request: web.Request) -> web.Response:
    await count_replay_request(request)
    code = game_code(request)
    summary, allowed = await _allowed(request, code)
    viewer = _viewer(request, allowed)
    verified = await open_verified(request, code)
    shown = public_summary(summary, allowed)
    shown["moments"] = moments(verified, viewer)
    seen = shown_entries(verified, viewer, 1, len(verified.record.entries))
    shown["ledger"] = ledger(seen)
    held = await class_held(request, summary)
    played = played_seats(verified.record.entries)  # who came back: told live to everyone
    shown["holders"] = seat_holders(verified.record.header, seen, held, played)
    shown["entries"] = len(verified.record.entries)
    shown["moves"] = moves_seen(verified, viewer)
    shown["rules_hash"] = verified.record.header.rules_hash
    shown["forks"] = await replays(request).games.forks(code)
    shown["notes"] = verified.record.header.notes
    return web.json_response(shown)


async def fork_game(request: web.Request) -> web.Response:
    """Continue a game from a step in a new room: for whoever may open it all-seeing, or who
    played it once it is over (a fork of a running game would show its hidden hands). A player
    plays on from their own side only: every other side is a bot, and the new room's instructor
    key is not given (its all-seeing views and record would show the hand the player never saw)."""
    code = game_code(request)
    await count_replay_request(request)  # it verifies the game as a replay does
    summary, allowed = await _allowed(request, code)
    seeing_all = "instructor" in allowed
    if not seeing_all and summary.get("outcome") is None:
        raise web.HTTPForbidden(text='{"error":"not_over"}', content_type="application/json")
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or type(body.get("step")) is not int:  # a bool is no step
        raise web.HTTPBadRequest(
            text='{"error":"bad_query","field":"step"}', content_type="application/json"
        )
    kept = {s: b for s, b in (summary.get("bots") or {}).items() if s in SIDES and b in BOTS}
    bots = body.get("bots", kept)  # not said: the original room's
    if not isinstance(bots, dict) or any(
        side not in SIDES or not isinstance(name, str) or name not in BOTS
        for side, name in bots.items()
    ):
        raise web.HTTPBadRequest(
            text='{"error":"bad_query","field":"bots"}', content_type="application/json"
        )
    if not seeing_all and any(side not in allowed and side not in bots for side in SIDES):
        why = "a player plays on from their own side: the other side must be a bot"
        raise json_error(403, "own_side_only", why)
    await count_new_room(request)  # before the verifying, which a refused fork would cost too
    verified = await open_verified(request, code)
    refused = refused_to_play(verified.record.rules, bool(summary.get("imported")))
    if refused is not None:  # no step of it can be played on: not a 409 about the step
        told = json.dumps({"error": "rules_refused", "message": refused})
        raise web.HTTPUnprocessableEntity(text=told, content_type="application/json")
    try:
        settings = chosen(original(summary, await request.app[HUB].store.meta(code)), body)
    except ValueError as error:
        bad = json.dumps({"error": "bad_query", "field": str(error)})
        raise web.HTTPBadRequest(text=bad, content_type="application/json") from None
    try:
        room, key, step = await fork(request.app[HUB], verified, body["step"], bots, settings)
    except ForkRefused as error:
        said = {"error": "cannot_fork", "reason": error.reason, "message": str(error)}
        refused = json.dumps(said)
        raise web.HTTPConflict(text=refused, content_type="application/json") from None
    shown_key = key if seeing_all else None
    return web.json_response({"code": room.code, "instructor_key": shown_key, "step": step})


async def game_step(request: web.Request) -> web.Response:
    await count_replay_request(request)
    code = game_code(request)
    _, allowed = await _allowed(request, code)
    viewer = _viewer(request, allowed)
    verified = await open_verified(request, code)
    at = _int(request, "n", len(verified.record.entries))
    return web.json_response(step(verified, viewer, at, _int(request, "since", 0)))


async def game_record(request: web.Request) -> web.Response:
    await count_replay_request(request)
    code = game_code(request)
    await all_seeing(request, code)
    text = await replays(request).games.record(code)
    history = request.app[HUB].history
    if code == HISTORY_CODE and history is not None:  # the 2025 line: open to everyone
        text = history[1]
    if text is None:
        room = await request.app[HUB].room(code)
        if room is None:
            raise _not_found()
        _, text = await record_of(request.app[HUB].store, room)
    return web.Response(
        text=text,
        content_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{code}.jsonl"'},
    )


async def make_public(request: web.Request) -> web.Response:
    code = game_code(request)
    summary = await replays(request).summary(code)
    access = await _access(request)
    # The instructor key, and only it (not a seat token, not the game being public already).
    if summary is None or viewers({**summary, "public": False, "tokens": {}}, access) != ALL:
        raise _not_found()
    try:
        body = await request.json()
    except ValueError:
        body = None
    public = body.get("public") if isinstance(body, dict) else None
    if not isinstance(public, bool):  # never public by mistake: a bad body changes nothing
        raise web.HTTPBadRequest(
            text='{"error":"bad_body","message":"send {\\"public\\": true} or false"}',
            content_type="application/json",
        )
    if not await replays(request).make_public(code, public):
        raise web.HTTPConflict(text='{"error":"not_finished"}', content_type="application/json")
    return web.json_response({"code": code, "public": public})


def _viewer(request: web.Request, allowed: frozenset[Viewer]) -> Viewer:
    asked = request.query.get("as", "")
    viewer = VIEWER_NAMES.get(asked) if asked else None
    if asked and viewer is None:
        known = ", ".join(sorted(VIEWER_NAMES))
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "bad_query", "field": "as", "message": f"one of {known}"}),
            content_type="application/json",
        )
    if viewer is None:
        sides = sorted(allowed - {"spectator", "instructor"})
        viewer = "instructor" if "instructor" in allowed else (sides or ["spectator"])[0]
    if viewer not in allowed:
        raise web.HTTPForbidden(
            text='{"error":"view_not_allowed"}', content_type="application/json"
        )
    return viewer


async def open_verified(request: web.Request, code: str) -> Verified:
    try:
        verified = await replays(request).open(code)
    except RecordError as error:
        body = json.dumps({"error": "bad_record", "message": str(error)})
        raise web.HTTPConflict(text=body, content_type="application/json") from None
    if verified is None:
        raise _not_found()
    return verified


def add_game_routes(app: web.Application) -> None:
    app.on_cleanup.append(stop_checker)
    app.router.add_get("/api/games", list_games)
    app.router.add_get("/api/games/{code}", game)
    app.router.add_get("/api/games/{code}/step", game_step)
    app.router.add_get("/api/games/{code}/record", game_record)
    app.router.add_post("/api/games/{code}/public", make_public)
    app.router.add_post("/api/games/{code}/fork", fork_game)
    app.router.add_post("/api/games/import", import_game)
