"""Typed keys for what the aiohttp application holds."""

from __future__ import annotations

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
