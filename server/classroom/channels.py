"""Subscriptions to the classes' channels (storage/keys.py `class_channel`), and the loop that
hands on what arrives: a class's changes (for its dashboards and followers) and what its
students are told. It subscribes again after Redis comes back; what was published meanwhile is
lost, so the caller reads its classes again then (`on_reconnect`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.storage.keys import class_channel
from server.storage.subscriptions import Subscriptions

OnClass = Callable[[str, dict[str, Any]], Awaitable[None]]


class ClassChannels(Subscriptions):
    """The classes this process follows, and the loop that hands on their messages (started
    with the first class; server/storage/subscriptions.py: reconnecting)."""

    name = "class channels"

    def __init__(
        self, redis: Redis, on_message: OnClass, on_reconnect: Callable[[], Awaitable[None]]
    ) -> None:
        super().__init__(redis)
        self._on_message = on_message
        self._on_reconnect = on_reconnect
        self._task: asyncio.Task[None] | None = None

    async def add(self, code: str) -> None:
        channel = class_channel(code)
        if channel in self._channels:
            return
        if self._task is None:
            self._task = asyncio.create_task(self.listen())
        with contextlib.suppress(RedisError, OSError):
            await self._add(channel)

    async def drop(self, code: str) -> None:
        channel = class_channel(code)
        if channel in self._channels:
            await self._drop(channel)

    async def _reconnected(self) -> None:
        await self._on_reconnect()

    async def _received(self, channel: str, data: str) -> None:
        await self._on_message(channel.rpartition(":")[2], json.loads(data))

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        with contextlib.suppress(RedisError, OSError):
            await super().close()
