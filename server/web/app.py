"""The aiohttp application: `create_app(settings)`; resources owned by cleanup contexts."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from server.live.hub import Hub
from server.live.loading import load_history, load_scenarios
from server.live.matchmaking import matched
from server.live.metrics import Metrics
from server.live.timers import run_timers
from server.settings import Settings
from server.storage.connect import RedisUnreachable, connect, reach
from server.storage.layout import carry_over
from server.storage.redis_embedded import EmbeddedRedis
from server.web.appkeys import (
    BODY_SECONDS,
    HOME,
    HUB,
    IMPORTING,
    METRICS,
    REDIS,
    SETTINGS,
    SOCKETS,
)
from server.web.http import (
    add_routes,
    api_routing,
    broken_log,
    guarded_bodies,
    revalidated,
)
from server.web.security import OpenSockets, add_security_headers
from server.web.sockettable import SocketTable

log = logging.getLogger("brink.app")


class ClientFaults(logging.Filter):
    """On aiohttp's `aiohttp.server` logger: a request that is not HTTP aiohttp can read (too
    many headers, a line too long, a bad chunk) or a client gone in the middle of its body is
    the client's doing, which any stranger can repeat a thousand times a second — not an ERROR
    with a traceback each. Such a record is kept as one line at DEBUG (shown only when
    `aiohttp.server` logs at DEBUG), naming the kind of fault but none of the client's bytes."""

    def filter(self, record: logging.LogRecord) -> bool:
        fault = record.exc_info[1] if record.exc_info else None
        if not isinstance(fault, (HttpProcessingError, ConnectionResetError)):
            return True
        record.msg = f"{record.msg} (%s)"
        record.args = (
            *(record.args if isinstance(record.args, tuple) else ()),
            type(fault).__name__,
        )
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


def _quiet_client_faults() -> None:
    server_log = logging.getLogger("aiohttp.server")
    if not any(isinstance(f, ClientFaults) for f in server_log.filters):
        server_log.addFilter(ClientFaults())


def create_app(settings: Settings, sockets: SocketTable | None = None) -> web.Application:
    """Return the application; Redis, the hub and background tasks start with it. `sockets`:
    the open sockets per address of every worker (`brink serve --workers N`)."""
    _quiet_client_faults()
    # Requests up to 16 MiB: an imported game record of ~10,000 entries is about 4 MiB.
    app = web.Application(
        client_max_size=16 * 1024 * 1024, middlewares=[api_routing, guarded_bodies, broken_log]
    )
    app[SETTINGS] = settings
    app[BODY_SECONDS] = 60.0
    app[IMPORTING] = Counter()
    app[METRICS] = Metrics()
    app[SOCKETS] = OpenSockets(settings.connections_per_address, sockets)
    app[HOME] = (sockets.row, sockets.rows) if sockets is not None and sockets.rows > 1 else None
    app.on_response_prepare.append(add_security_headers)
    app.on_response_prepare.append(revalidated)
    app.cleanup_ctx.append(_redis)
    app.cleanup_ctx.append(_hub)
    app.on_shutdown.append(_close_sockets)
    add_routes(app)
    return app


async def _redis(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    embedded: EmbeddedRedis | None = None
    url = settings.redis_url
    if url is None:
        embedded = EmbeddedRedis(data_dir=settings.data_dir / "redis", persistent=True)
        url = await embedded.start()
        where = settings.data_dir / "redis"
        log.info("embedded Redis at %s (%s), data in %s", url, embedded.port_url, where)
    app[REDIS] = connect(url, settings.redis_cluster)
    if embedded is not None:
        embedded.keep_running()
    try:
        await reach(app[REDIS], url)
    except RedisUnreachable:
        await _let_go(app, embedded)
        raise
    await carry_over(app[REDIS])  # rooms an older version wrote (storage/layout.py)
    yield
    await _let_go(app, embedded)


async def _let_go(app: web.Application, embedded: EmbeddedRedis | None) -> None:
    await app[REDIS].aclose()
    if embedded is not None:
        await embedded.stop()


async def _hub(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    scenarios = load_scenarios(settings.rules_dir)
    archive = settings.data_dir / "games"
    hub = Hub(
        app[REDIS], scenarios, app[METRICS], settings.bot_delay, archive, settings.abandon_after
    )

    async def seat_matched(conn, match):  # type: ignore[no-untyped-def]
        await matched(hub, conn, match)

    hub.on_match = seat_matched
    hub.home = app[HOME]
    hub.history = load_history(settings.rules_dir, scenarios)
    app[HUB] = hub
    tasks = [
        asyncio.create_task(hub.listen()),
        asyncio.create_task(run_timers(hub, settings.timer_interval)),
    ]
    yield
    for task in tasks:
        await _stop(task)
    await hub.close()


async def _stop(task: asyncio.Task[None]) -> None:
    """Cancel `task` until it is done: a Redis call in flight can swallow one cancellation
    (redis-py), and shutdown must never hang on a background loop."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=0.1)
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()


async def _close_sockets(app: web.Application) -> None:
    """Graceful shutdown: tell every client the server is going away (they resume later)."""
    for connection in list(app[HUB].sockets):  # in a room or not (the landing page, a queue)
        await connection.going_away()
