"""HTTP routes: health, metrics, a small JSON API, and the web client's files."""

from __future__ import annotations

import asyncio
import json
import json.decoder
import json.scanner
import re
import traceback

from aiohttp import web
from aiohttp.typedefs import Handler
from redis.exceptions import RedisError

from server.game.duration import expected_minutes
from server.ruleset.model import UnplayableRules
from server.storage.store import BrokenLog
from server.web.appkeys import BODY_SECONDS, HUB, IMPORTING, METRICS, REDIS, SETTINGS
from server.web.auth import add_auth_routes
from server.web.classes import add_class_routes
from server.web.created import add_created_route
from server.web.debrief import add_debrief_routes
from server.web.evaluation import add_evaluation_route
from server.web.games import add_game_routes
from server.web.reach import server_info
from server.web.security import client_address, metrics_allowed, origin_allowed


@web.middleware
async def broken_log(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A room whose log in Redis does not line up (server/live/damage.py): 409 `broken_log`.
    A room kept under rules the server cannot play (Ruleset.from_json): 422 `rules_refused`."""
    try:
        return await handler(request)
    except BrokenLog as error:
        return web.json_response({"error": "broken_log", "message": error.told}, status=409)
    except UnplayableRules as error:
        told = f"this room's rules cannot be played: {error}"
        return web.json_response({"error": "rules_refused", "message": told}, status=422)


_ROUTING = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
RULES_HASH = re.compile(r"[0-9a-f]{16}")
"""What a ruleset's hash looks like (`Ruleset.hash`)."""


@web.middleware
async def api_routing(request: web.Request, handler: Handler) -> web.StreamResponse:
    """An /api/ path no route has, a method its route does not take, a body over the app's
    `client_max_size`: the 404, 405 or 413 in JSON, as the API's other refusals (`{"error":
    "not_found", "message": "Not Found"}`), not aiohttp's text."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    refused = request.match_info.http_exception
    message = refused.reason if refused is not None else ""
    try:
        if refused is None or refused.status not in _ROUTING:
            return await handler(request)
    except web.HTTPRequestEntityTooLarge as error:  # raised where the handler reads the body
        refused, message = error, error.text or error.reason
    assert refused is not None
    answer = {"error": _ROUTING[refused.status], "message": message}
    allow = {"Allow": refused.headers["Allow"]} if "Allow" in refused.headers else None
    return web.json_response(answer, status=refused.status, headers=allow)


SMALL_BODY = 1024 * 1024
"""Bytes a request body may have on /api/ routes other than the import (a record, 16 MiB)."""
_LARGE_BODIES = frozenset({"/api/games/import"})
IMPORTS_AT_ONCE = 2
"""Imports one client address may have under way at once on a process (a body of up to 16 MiB
held from its first byte until it is checked)."""
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def _refusal(status: int, code: str, message: str) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps({"error": code, "message": message}),
        content_type="application/json",
    )


@web.middleware
async def guarded_bodies(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The /api/ routes that change something (every method but GET, HEAD and OPTIONS):

    - refused (403 `bad_origin`) when a browser sends them from a page of another site — a
      form posted to a signed-in instructor's cookie (a port of the same host is the same
      *site*, so SameSite=Strict lets the cookie go), or a script using a visitor's address;
    - a body over `SMALL_BODY` (but the import's) is refused, 413: by its Content-Length, or
      as it passes `SMALL_BODY` when it comes in chunks;
    - one client address sends at most `IMPORTS_AT_ONCE` imports at a time (429
      `too_many_imports`): each may hold 16 MiB until it is checked;
    - the body must arrive within `BODY_SECONDS` (408, and the connection is closed);
    - JSON nested deeper than the parser goes is a 400 `bad_json`, not a 500 (only there: a
      RecursionError of the handler's own is the server's fault, a 500 like any other)."""
    if not request.path.startswith("/api/") or request.method in _SAFE:
        return await handler(request)
    settings = request.app[SETTINGS]
    if not origin_allowed(request, settings):
        return _refusal(403, "bad_origin", "this request comes from another site")
    small = request.path not in _LARGE_BODIES
    length = request.content_length
    if small and length is not None and length > SMALL_BODY:
        raise web.HTTPRequestEntityTooLarge(max_size=SMALL_BODY, actual_size=length)
    if small:  # one sent in chunks (no Content-Length) is refused as it passes 1 MiB
        return await _read_then_handle(request.clone(client_max_size=SMALL_BODY), handler)
    reading = request.app[IMPORTING]
    address = client_address(request, settings.trusted_proxies)
    if reading[address] >= IMPORTS_AT_ONCE:
        message = "an import from your network address is under way: send one at a time"
        return _refusal(429, "too_many_imports", message)
    reading[address] += 1
    try:
        return await _read_then_handle(request, handler)
    finally:
        reading[address] -= 1
        if reading[address] <= 0:
            del reading[address]


async def _read_then_handle(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        async with asyncio.timeout(request.app[BODY_SECONDS]):
            await request.read()  # kept: the handler's read() or json() gets it at once
    except TimeoutError:
        response = _refusal(408, "too_slow", "the request's body took too long to arrive")
        response.force_close()
        return response
    try:
        return await handler(request)
    except RecursionError as error:  # json.loads of [[[[…]]]]: it raises this, not a ValueError
        if not _in_json_parser(error):
            raise
        return _refusal(400, "bad_json", "the JSON is nested too deeply")


_PARSER_FILES = frozenset({json.decoder.__file__, json.scanner.__file__})


def _in_json_parser(error: RecursionError) -> bool:
    """Whether `error` was raised by the json module's parser (its innermost Python frame is
    the decoder's or scanner's: the C scanner raises it on behalf of `raw_decode`)."""
    frames = list(traceback.walk_tb(error.__traceback__))
    return bool(frames) and frames[-1][0].f_code.co_filename in _PARSER_FILES


async def healthz(request: web.Request) -> web.Response:
    """200 when Redis answers, 503 when it does not."""
    try:
        await request.app[REDIS].ping()
    except (RedisError, OSError) as error:
        request.app[METRICS].redis_errors.inc()
        return web.json_response({"status": "unhealthy", "redis": str(error)}, status=503)
    return web.json_response({"status": "ok", "redis": "ok"})


async def metrics(request: web.Request) -> web.Response:
    """Prometheus text, for a scraper on this machine or one that presents the bearer token
    (`metrics_token`); anyone else gets 403 (docs/security.md)."""
    if not metrics_allowed(request, request.app[SETTINGS]):
        raise web.HTTPForbidden(text="metrics are served on this machine or with the token")
    body = request.app[METRICS].render()
    return web.Response(body=body, content_type="text/plain", charset="utf-8")


async def scenarios(request: web.Request) -> web.Response:
    """The scenarios: id, hands, name, text, and the minutes a game takes at the default timers
    (`engaged` players; `at_most`, whatever they do: server/game/duration.py)."""
    hub = request.app[HUB]
    listed = [
        {
            "id": rules.id,
            "rounds": rules.scenario.rounds,
            "name": rules.scenario.name.model_dump(),
            "text": rules.scenario.text.model_dump(),
            # the phases that wait for the players, with their own time limits
            "phases": [
                {
                    "id": phase.id,
                    "kind": phase.kind,
                    "name": phase.name.model_dump(),
                    "seconds": phase.seconds,
                }
                for phase in rules.scenario.phases
                if phase.kind in ("betting", "talks")
            ],
            "minutes": expected_minutes(rules).as_json(),
        }
        for rules in hub.scenarios.values()
    ]
    return web.json_response(listed)


async def rules(request: web.Request) -> web.Response:
    """The merged rules of one scenario (names, texts, cards, terms, phases), as the rule
    files define them, with the `hash` that `game_started.rules_hash` names. `?hash=H`: the
    rules a game was played with (`game_started.rules_hash`) when they are not the files' — a
    "what if" of an older game's record, a room made before the files changed — as the rooms
    and records that play them keep them in Redis (404 `unknown_rules` once none does)."""
    hub, scenario = request.app[HUB], request.match_info["scenario"]
    found = hub.scenarios.get(scenario)
    wanted = request.query.get("hash")
    if wanted and (found is None or wanted != found.hash):
        stored = await hub.store.rules_json(wanted) if RULES_HASH.fullmatch(wanted) else None
        if stored is None:
            return web.json_response({"error": "unknown_rules"}, status=404)
        body = f'{{"id":{json.dumps(scenario)},"hash":"{wanted}","rules":{stored}}}'
    elif found is None:
        return web.json_response({"error": "unknown_scenario"}, status=404)
    else:
        body = f'{{"id":{json.dumps(found.id)},"hash":"{found.hash}","rules":{found.to_json()}}}'
    return web.Response(
        text=body, content_type="application/json", headers={"Cache-Control": "no-cache"}
    )


async def room_info(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    room = await hub.room(request.match_info["code"].upper())
    if room is None:
        return web.json_response({"error": "room_not_found"}, status=404)
    try:
        taken = await hub.store.seats(room.code)
        found = {
            "code": room.code,
            "scenario": room.info.scenario,
            "language": room.info.language,
            "seats": taken,
            "bots": room.info.bots,
            "round": room.state.round,
            "finished": room.state.finished,
            "in_class": room.info.in_class,  # its seats are the class's to give
            "forked_from": room.info.forked(),  # a "what if": the game and step it continues
        }
        if room.state.finished:
            from server.web.games import may_open

            # whether what the asker holds (X-Brink-Tokens, the key) opens its replay
            found["replay"] = await may_open(request, room.code)
    finally:
        # A peek at a room (the landing page shows its seats) does not make this process one
        # of its holders: else, under several workers, every commit of the game would be
        # published to this one too. Kept if anybody here watches it.
        hub.release(room)
    return web.json_response(found)


async def revalidated(request: web.Request, response: web.StreamResponse) -> None:
    """`on_response_prepare`: the page and its files are checked with the server before each
    use (answered 304 while unchanged). Without it a browser keeps them for a while by its own
    guess, and after an upgrade mixes fresh modules with stale ones that do not fit them."""
    if request.path == "/" or request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-cache")


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(request.app[SETTINGS].web_dir / "index.html")


def add_routes(app: web.Application) -> None:
    from server.web.ws import websocket

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/api/scenarios", scenarios)
    app.router.add_get("/api/rules/{scenario}", rules)
    app.router.add_get("/api/rooms/{code}", room_info)
    app.router.add_get("/api/server", server_info)
    add_game_routes(app)
    add_evaluation_route(app)
    add_auth_routes(app)
    add_class_routes(app)
    add_debrief_routes(app)
    add_created_route(app)
    app.router.add_get("/ws", websocket)
    app.router.add_get("/", index)
    web_dir = app[SETTINGS].web_dir
    if web_dir.is_dir():
        app.router.add_static("/static/", web_dir, show_index=False)
