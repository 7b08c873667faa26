"""Subscriptions to the classes' channels (storage/keys.py `class_channel`), and the loop that
hands on what arrives: a class's changes (for its dashboards and followers) and what its
students are told. It subscribes again after Redis comes back; what was published meanwhile is
lost, so the caller reads its classes again then (`on_reconnect`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.storage.keys import class_channel

log = logging.getLogger("brink.classroom")
OnClass = Callable[[str, dict[str, Any]], Awaitable[None]]
RETRY_FIRST, RETRY_MOST = 0.05, 2.0


class ClassChannels:
    """The classes this process follows, and the loop that hands on their messages."""

    def __init__(
        self, redis: Redis, on_message: OnClass, on_reconnect: Callable[[], Awaitable[None]]
    ) -> None:
        self.redis = redis
        self._on_message = on_message
        self._on_reconnect = on_reconnect
        self._pubsub = self.redis.pubsub()
        self._channels: set[str] = set()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    async def add(self, code: str) -> None:
        channel = class_channel(code)
        if channel in self._channels:
            return
        self._channels.add(channel)
        if self._task is None:
            self._task = asyncio.create_task(self._listen())
        async with self._lock:
            with contextlib.suppress(RedisError, OSError):
                await self._pubsub.subscribe(channel)

    async def drop(self, code: str) -> None:
        channel = class_channel(code)
        if channel not in self._channels:
            return
        self._channels.discard(channel)
        async with self._lock:
            with contextlib.suppress(RedisError, OSError):
                await self._pubsub.unsubscribe(channel)

    async def _listen(self) -> None:
        wait = RETRY_FIRST
        while True:
            if not self._channels:
                await asyncio.sleep(0.05)
                continue
            try:
                if not self._pubsub.subscribed:
                    async with self._lock:
                        await self._pubsub.subscribe(*self._channels)
                message = await self._pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=1.0
                )
            except (RedisError, OSError) as error:
                log.warning("class channels lost Redis (%s); retrying", error)
                await asyncio.sleep(wait)
                wait = min(wait * 2, RETRY_MOST)
                old, self._pubsub = self._pubsub, self.redis.pubsub()
                with contextlib.suppress(RedisError, OSError):
                    await old.aclose()
                continue
            if wait > RETRY_FIRST:
                wait = RETRY_FIRST
                with contextlib.suppress(RedisError, OSError):
                    await self._on_reconnect()
            if message is None:
                continue
            try:
                code = str(message["channel"]).rpartition(":")[2]
                await self._on_message(code, json.loads(message["data"]))
            except Exception:
                log.exception("bad class message on %s", message["channel"])

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        with contextlib.suppress(RedisError, OSError):
            await self._pubsub.aclose()
