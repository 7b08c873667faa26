"""Typed keys for what the aiohttp application holds."""

from __future__ import annotations

from collections import Counter

from aiohttp import web
from redis.asyncio import Redis

from server.live.hub import Hub
from server.live.metrics import Metrics
from server.settings import Settings
from server.web.security import OpenSockets

SETTINGS = web.AppKey("settings", Settings)
METRICS = web.AppKey("metrics", Metrics)
REDIS = web.AppKey("redis", Redis)
HUB = web.AppKey("hub", Hub)
SOCKETS = web.AppKey("sockets", OpenSockets)
HOME: web.AppKey[tuple[int, int] | None] = web.AppKey("home")
"""(this worker, of how many) under `brink serve --workers N`, else None (Maker.home)."""
BODY_SECONDS = web.AppKey("body_seconds", float)
"""Seconds a client may take to send a request's body (`create_app` sets 60): aiohttp itself
waits for a body as long as the client keeps the connection open, one that stalls holding a
handler and up to `client_max_size` of memory for ever."""
IMPORTING: web.AppKey[Counter[str]] = web.AppKey("importing")
"""Imports under way (their bodies being read, or checked), by client address."""
