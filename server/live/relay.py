"""This process's pub/sub: what other processes commit to the rooms it holds, and the
quick-match tickets it waits on.

The process's own channel (`brink:process:{origin}`) carries what other processes commit to the
rooms it holds (`{"deadline": …, "entries": […]}`) and their presence changes
(`{"presence": …}`), each led by the room's code and a space: a commit is sent only to the other
processes that hold the room (server/storage/holders.py), so nothing comes back to the process
that made it. A ticket's channel carries the match made for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.storage.holders import Holders, process_channel
from server.storage.keys import room, ticket_channel

log = logging.getLogger("brink.hub")

OnMessage = Callable[[str, dict[str, Any]], Awaitable[None]]
OnReconnect = Callable[[], Awaitable[None]]
RETRY_FIRST, RETRY_MOST = 0.05, 2.0


class Relay:
    """Subscriptions to rooms' and tickets' channels, and the loop that hands on what arrives."""

    def __init__(
        self,
        redis: Redis,
        origin: str,
        on_room: OnMessage,
        on_ticket: OnMessage,
        on_reconnect: OnReconnect,
    ) -> None:
        self.redis = redis
        self.origin = origin
        self._on_room = on_room
        self._on_ticket = on_ticket
        self._on_reconnect = on_reconnect
        self._pubsub = redis.pubsub()
        self.holders = Holders(redis, origin)
        self._own = process_channel(origin)
        self._channels: set[str] = {self._own}
        # One (un)subscribe at a time: two first subscribes on a fresh connection would open
        # two connections, and one channel's messages would never arrive.
        self._subscribing = asyncio.Lock()
        self.reconnects = 0

    async def subscribe(self, code: str) -> None:
        """Count this process among the room's holders: other processes' commits reach it."""
        await self.holders.hold(room(code))

    async def unsubscribe(self, code: str) -> None:
        with contextlib.suppress(RedisError, OSError):  # a stale holder costs only a PUBLISH
            await self.holders.let_go(room(code))

    async def watch_ticket(self, ticket: str) -> None:
        await self._add(ticket_channel(ticket))

    async def unwatch_ticket(self, ticket: str) -> None:
        await self._drop(ticket_channel(ticket))

    async def _add(self, channel: str) -> None:
        # Remembered first: if Redis is away now, the channel is subscribed on reconnecting.
        self._channels.add(channel)
        async with self._subscribing:
            await self._pubsub.subscribe(channel)

    async def _drop(self, channel: str) -> None:
        self._channels.discard(channel)
        # If the connection is gone, the subscription went with it.
        async with self._subscribing:
            with contextlib.suppress(RedisError, OSError):
                await self._pubsub.unsubscribe(channel)

    async def publish(self, code: str, payload: dict[str, Any]) -> None:
        """Send `payload` to the other processes that hold the room."""
        await self.holders.tell(room(code), code, json.dumps(payload))

    async def listen(self) -> None:
        """Hand on what other processes publish, for as long as the process runs.

        If the connection to Redis breaks (Redis restarted, a network fault), the loop logs it,
        waits (doubling up to RETRY_MOST), subscribes every channel again on a new connection
        and calls `on_reconnect`: what was published meanwhile is lost, and the hub reads it
        from the rooms' logs instead."""
        wait = RETRY_FIRST
        while True:
            if not self._channels:
                await asyncio.sleep(0.05)
                continue
            try:
                if not self._pubsub.subscribed:
                    async with self._subscribing:
                        await self._pubsub.subscribe(*self._channels)
                message = await self._pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=1.0
                )
            except (RedisError, OSError) as error:
                log.warning("pub/sub lost its connection to Redis (%s); retrying", error)
                await asyncio.sleep(wait)
                wait = min(wait * 2, RETRY_MOST)
                await self._reconnect()
                continue
            if wait > RETRY_FIRST:
                wait = RETRY_FIRST
                self.reconnects += 1
                log.warning("pub/sub reconnected; catching up the rooms held here")
                try:
                    await self._on_reconnect()
                except (RedisError, OSError) as error:
                    log.warning(
                        "catching up after reconnecting failed (%s); later commits heal", error
                    )
            if message is None:
                continue
            try:
                await self._received(message["channel"], message["data"])
            except Exception:
                log.exception("bad pub/sub message on %s", message["channel"])

    async def _reconnect(self) -> None:
        """Drop the broken connection; the loop subscribes a new one to every channel."""
        old, self._pubsub = self._pubsub, self.redis.pubsub()
        with contextlib.suppress(RedisError, OSError):
            await old.aclose()

    async def _received(self, channel: str, data: str) -> None:
        if channel == self._own:
            code, _, text = data.partition(" ")
            # orjson: twice as fast as json.loads on a commit's entries
            await self._on_room(code, orjson.loads(text))
        else:
            await self._on_ticket(channel.rpartition(":")[2], orjson.loads(data))

    async def close(self) -> None:
        await self._pubsub.aclose()
