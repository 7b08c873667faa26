"""`POST /api/games/import`: keep a finished game's record made on another server.

The record is read, verified through the engine and cleaned in a worker process (one, started
on first use: `checked_import`), not on the event loop: a 16 MiB record takes about a second,
and every room of the process would wait for it. What it answers is the same: `400 bad_record`
with the line and the reason, `409 not_finished`, or the game's code here and a new key."""

from __future__ import annotations

import json
import secrets
import time
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from aiohttp import web

from server.live.hub import Hub
from server.live.loading import now_ms
from server.protocol.codes import CODE_ALPHABET, game_code, room_code
from server.protocol.tokens import new_token
from server.replay.imports import Imported, NotFinished, checked_import
from server.replay.record import Header, RecordError, summary_of
from server.storage import limits
from server.storage.store import token_hash
from server.web.appkeys import HUB, REDIS, SETTINGS
from server.web.pools import OneWorker
from server.web.refusals import json_error
from server.web.security import client_address

IMPORT_BYTES = 16 * 1024 * 1024
"""Bytes of records one client address may import an hour (`IMPORT_WINDOW`): a term's games
of a class (~100-300 KB each), not a stream of 16 MiB records, each of which takes a worker
about a second to read and verify and is kept in Redis for days."""
IMPORT_WINDOW = 3600.0


async def count_new_room(request: web.Request) -> None:
    """Count a room made over HTTP (a fork, an import) against the client address's limit on new
    rooms, as the websocket's create_room is counted (docs/security.md); 429 when over it."""
    from server.live.handlers import Refusal
    from server.web.ws import RoomLimit

    settings = request.app[SETTINGS]
    address = client_address(request, settings.trusted_proxies)
    try:
        await RoomLimit(request.app[REDIS], settings, address).check()
    except Refusal as refusal:
        body = json.dumps({"error": refusal.code, "message": refusal.message})
        raise web.HTTPTooManyRequests(text=body, content_type="application/json") from None


async def _count_import_bytes(request: web.Request, size: int) -> None:
    """Count an import's bytes against its client address's hour; 429 when over it (the bytes
    of a refused import count too: they were sent)."""
    address = client_address(request, request.app[SETTINGS].trusted_proxies)
    now = time.time()
    counted = await limits.count(
        request.app[REDIS], "import-bytes", address, IMPORT_WINDOW, now, by=max(1, size)
    )
    if counted > IMPORT_BYTES:
        wait = str(limits.seconds_left(IMPORT_WINDOW, now))
        message = f"too many records imported from your network address: wait {wait} s"
        raise json_error(429, "too_many_imports", message, **{"Retry-After": wait})


CHECKER = OneWorker()
"""The worker process that checks imported records, apart from the evaluation graphs' (whose
seconds would hold it up)."""


async def stop_checker(app: web.Application) -> None:
    """Stop the worker with the server: a check under way is abandoned."""
    await CHECKER.stop()


async def _checked(data: bytes) -> Imported:
    """Return `checked_import(data)` as worked out in the worker process. A worker that died
    (killed, out of memory) is not tried again with the same record (it may be what killed
    it): 503 `unavailable`, and the next import starts a new worker."""
    try:
        return await CHECKER.run(checked_import, data)
    except BrokenProcessPool:
        body = json.dumps(
            {"error": "unavailable", "message": "the record could not be checked; try again"}
        )
        raise web.HTTPServiceUnavailable(text=body, content_type="application/json") from None


SAME = ("started", "ended", "entries", "rules_hash", "outcome", "scenario")
"""What a kept game's summary and a record's header both say, which tell the same game: the
record's own code is not enough (a code freed after 7 days may be another game's)."""


async def already_kept(hub: Hub, header: Header) -> str | None:
    """Return the code of the game here that `header`'s record is (the game played here and
    archived, `data/games/CODE.jsonl`, or a record imported here before: under its own code, or
    under the new one it was given, `imported_code`), else None."""
    said = header.model_dump(include=set(SAME))

    def same(summary: dict[str, Any]) -> bool:
        return all(summary.get(name) == value for name, value in said.items())

    found = await hub.store.games.summary(header.code)
    if found is not None and same(json.loads(found)):
        return header.code
    for text in await hub.store.games.newest():  # renamed as it came: its code was taken
        summary = json.loads(text)
        if summary.get("imported_code") == header.code and same(summary):
            return str(summary["code"])
    return None


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


async def _keep(hub: Hub, imported: Imported) -> tuple[str, str]:
    """Keep a checked record; return its code here (the record's own if it is a room code and
    free, else a new one) and a new instructor key that opens it. A `forked_from` whose code is
    not a game's code (a room's, or the historical line's) is dropped, as the record's own bad
    code is replaced: the web client builds a link and a request from it (`../../api/…` would
    reach another route). Its summary says it was `imported`: its rules came with it, never
    checked here, and a fork of it checks them first (server/ruleset/stored.py)."""
    games, header = hub.store.games, imported.header
    code = header.code if room_code(header.code) else _new_code()
    while await games.summary(code) is not None or await hub.room(code) is not None:
        code = _new_code()
    key = new_token(18)
    fork = header.forked_from
    if fork is not None and not game_code(fork.code):
        fork = None
    header = header.model_copy(update={"code": code, "forked_from": fork})
    entries = imported.text.splitlines()[1:]
    record = "\n".join([header.model_dump_json(), *entries]) + "\n"
    summary = {**summary_of(header, {}, token_hash(key)), "imported": True}
    if code != imported.header.code:  # what it was called where it came from (`already_kept`)
        summary["imported_code"] = imported.header.code
    if hub.archive_dir is not None:  # kept on disk too, as the games played here
        await hub.archiver.write(hub.archive_dir, code, record)
    # Listed from when it came here (it ended elsewhere, perhaps weeks ago): its 7 days here
    # start now, not at its end, which would drop it with the next game kept.
    await games.keep(code, record, json.dumps(summary), now_ms())
    return code, key


async def import_game(request: web.Request) -> web.Response:
    """Keep a finished game's record made on another server: it must read and verify here.
    Asked `?once=1` (`brink games import` does, but with `--again`), a game this server has
    already (played here, or imported before) is `409 already_here` with its code, not kept
    twice; without, it is kept again under a new code (a copy, as it always was)."""
    body = await request.read()
    await count_new_room(request)
    await _count_import_bytes(request, len(body))
    try:
        imported = await _checked(body)
    except RecordError as error:
        refused = json.dumps({"error": "bad_record", "message": str(error)})
        raise web.HTTPBadRequest(text=refused, content_type="application/json") from None
    except NotFinished as error:
        refused = json.dumps({"error": "not_finished", "message": str(error)})
        raise web.HTTPConflict(text=refused, content_type="application/json") from None
    once = request.query.get("once", "") in ("1", "true")
    here = await already_kept(request.app[HUB], imported.header) if once else None
    if here is not None:
        said = {"error": "already_here", "code": here, "message": f"already here as {here}"}
        raise web.HTTPConflict(text=json.dumps(said), content_type="application/json")
    code, key = await _keep(request.app[HUB], imported)
    return web.json_response({"code": code, "instructor_key": key})
