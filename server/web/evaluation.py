"""GET /api/games/{code}/evaluation: each side's chance of winning along a finished game,
worked out in a worker process once and then kept (docs/replay.md)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from aiohttp import web

from server.replay.evaluate import evaluate_record
from server.replay.record import write_record
from server.web import games
from server.web.appkeys import METRICS
from server.web.gamelimits import count_replay_request
from server.web.pools import OneWorker


async def game_evaluation(request: web.Request) -> web.Response:
    """Each side's chance of winning along a finished game (worked out once, then kept): only
    for those who may open it all-seeing, as it is worked out from the true position — a side's
    graph would tell it what stayed hidden from it to the end (a face-down card never called, the
    other side's hand)."""
    await count_replay_request(request)
    code = games.game_code(request)
    summary = await games.all_seeing(request, code)
    if summary.get("outcome") is None:
        # From the true position: while the game runs, that would reveal the hidden hands.
        raise web.HTTPConflict(text='{"error":"not_over"}', content_type="application/json")
    found = await games.replays(request).games.evaluation(code)
    if found is None:
        found = await _once(code, lambda: _work_out(request, code))
    return web.Response(text=found, content_type="application/json")


_UNDER_WAY: dict[str, asyncio.Task[str]] = {}
"""Evaluations being worked out, by game code: those asked for meanwhile wait for the same one
(asked for 20 times at once, one game's graph took the worker 20 times over, and every other
game's graph waited behind them)."""


async def _once(code: str, work: Callable[[], Awaitable[str]]) -> str:
    """Return what `work()` returns, shared with whoever asks for `code` while it runs; one
    asker gone (its connection closed) does not stop it for the others."""
    task = _UNDER_WAY.get(code)
    if task is None:
        task = _UNDER_WAY[code] = asyncio.ensure_future(work())
        task.add_done_callback(lambda done: _finished(code, done))
    try:
        return await asyncio.shield(task)
    except web.HTTPException as refused:  # a response each: one is sent on one request only
        raise type(refused)(text=refused.text, content_type=refused.content_type) from None


def _finished(code: str, task: asyncio.Task[str]) -> None:
    if _UNDER_WAY.get(code) is task:
        del _UNDER_WAY[code]
    if not task.cancelled():
        task.exception()  # retrieved: all its askers may have gone


async def _work_out(request: web.Request, code: str) -> str:
    """Work a finished game's graph out in the worker and keep it; return it as JSON."""
    verified = await games.open_verified(request, code)
    if verified.record.rules.unplayable is not None:  # its play-outs could not be played
        said = {"error": "rules_refused", "message": verified.record.rules.unplayable}
        raise web.HTTPUnprocessableEntity(text=json.dumps(said), content_type="application/json")
    entries = [e.model_dump_json() for e in verified.record.entries]
    request.app[METRICS].evaluations.inc()
    points = await _evaluated(write_record(verified.record.header, entries), code)
    found = json.dumps({"points": points})
    await games.replays(request).games.keep_evaluation(code, found)
    return found


WORKER = OneWorker()
"""The worker process for evaluation graphs, apart from the imports' (server/web/imports.py)."""


async def _evaluated(text: str, code: str) -> list[dict[str, Any]]:
    """Return `evaluate_record(text, code)` as worked out in the worker process: tried again
    once in a new worker if the worker died meanwhile (killed, out of memory), then 503
    `unavailable` (the next request starts another)."""
    try:
        return await WORKER.run(evaluate_record, text, code, again=True)
    except BrokenProcessPool:
        said = {"error": "unavailable", "message": "the graph could not be worked out; try again"}
        raise web.HTTPServiceUnavailable(
            text=json.dumps(said), content_type="application/json"
        ) from None


async def stop_workers(app: web.Application) -> None:
    """Stop the evaluation worker (an evaluation under way is abandoned) with the server."""
    await WORKER.stop()


def add_evaluation_route(app: web.Application) -> None:
    app.on_cleanup.append(stop_workers)
    app.router.add_get("/api/games/{code}/evaluation", game_evaluation)
