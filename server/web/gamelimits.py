"""Per-address limits on the past-games routes (docs/security.md, Limits), counted in Redis
across every process in windows aligned to the clock; past one, 429 with Retry-After and a
stable code (a refused request counts too):

    GET /api/games                        `game_lists_per_address`       too_many_listings
    GET /api/games/CODE and its /step,    `replay_requests_per_address`  too_many_replay_requests
        /record and /evaluation

A listing reads and parses up to 5000 games' summaries on the event loop; a replay's request
is cheap once its record is verified (a step: a fraction of a millisecond), so its limit is
high enough for a class behind one address (a school's NAT) to step a replay together."""

from __future__ import annotations

import time

from aiohttp import web

from server.storage import limits
from server.web.appkeys import REDIS, SETTINGS
from server.web.refusals import json_error
from server.web.security import client_address


async def _count(
    request: web.Request, name: str, allowed: int, window: float, code: str, what: str
) -> None:
    """Count the request against its client address's window; 429 `code` when over."""
    settings = request.app[SETTINGS]
    address = client_address(request, settings.trusted_proxies)
    now = time.time()
    counted = await limits.count(request.app[REDIS], name, address, window, now)
    if counted > allowed:
        wait = str(limits.seconds_left(window, now))
        message = f"too many {what} from your network address: wait {wait} s"
        raise json_error(429, code, message, **{"Retry-After": wait})


async def count_listing(request: web.Request) -> None:
    """Count a listing of past games (`GET /api/games`): `too_many_listings` past
    `game_lists_per_address` in `game_lists_window` seconds."""
    settings = request.app[SETTINGS]
    allowed, window = settings.game_lists_per_address, settings.game_lists_window
    what = "lists of past games"
    await _count(request, "game-lists", allowed, window, "too_many_listings", what)


async def count_replay_request(request: web.Request) -> None:
    """Count a request for one game's replay (its summary, a step, the record, the graph):
    `too_many_replay_requests` past `replay_requests_per_address` in `replay_requests_window`
    seconds."""
    settings = request.app[SETTINGS]
    allowed, window = settings.replay_requests_per_address, settings.replay_requests_window
    code, what = "too_many_replay_requests", "requests for replays"
    await _count(request, "replay-requests", allowed, window, code, what)
