"""This process's pub/sub: what other processes commit to the rooms it holds, and the
quick-match tickets it waits on.

The process's own channel (`brink:process:{origin}`) carries what other processes commit to the
rooms it holds (`{"deadline": …, "entries": […]}`) and their presence changes
(`{"presence": …}`), each led by the room's code and a space: a commit is sent only to the other
processes that hold the room (server/storage/holders.py), so nothing comes back to the process
that made it. A ticket's channel carries the match made for it.
"""

from __future__ import annotations

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
from server.storage.subscriptions import Subscriptions

log = logging.getLogger("brink.hub")

OnMessage = Callable[[str, dict[str, Any]], Awaitable[None]]
OnReconnect = Callable[[], Awaitable[None]]


class Relay(Subscriptions):
    """Subscriptions to this process's and tickets' channels, and the loop that hands on what
    arrives (server/storage/subscriptions.py: reconnecting)."""

    def __init__(
        self,
        redis: Redis,
        origin: str,
        on_room: OnMessage,
        on_ticket: OnMessage,
        on_reconnect: OnReconnect,
    ) -> None:
        super().__init__(redis)
        self.origin = origin
        self._on_room = on_room
        self._on_ticket = on_ticket
        self._on_reconnect = on_reconnect
        self.holders = Holders(redis, origin)
        self._own = process_channel(origin)
        self._channels.add(self._own)

    async def subscribe(self, code: str) -> None:
        """Count this process among the room's holders: other processes' commits reach it."""
        await self.holders.hold(room(code), code)

    async def unsubscribe(self, code: str) -> None:
        with contextlib.suppress(RedisError, OSError):  # a stale holder costs only a PUBLISH
            await self.holders.let_go(room(code))

    async def watch_ticket(self, ticket: str) -> None:
        await self._add(ticket_channel(ticket))

    async def unwatch_ticket(self, ticket: str) -> None:
        await self._drop(ticket_channel(ticket))

    async def publish(self, code: str, payload: dict[str, Any]) -> None:
        """Send `payload` to the other processes that hold the room."""
        await self.holders.tell(room(code), code, json.dumps(payload))

    async def _reconnected(self) -> None:
        """What was published meanwhile is lost: the hub reads it from the rooms' logs."""
        await self._on_reconnect()

    async def _received(self, channel: str, data: str) -> None:
        if channel == self._own:
            code, _, text = data.partition(" ")
            # A commit's entries come one a line (the commit script does not join them with
            # commas: docs/redis/01-keys-and-channels.md); JSON holds no line break of its own.
            # orjson: twice as fast as json.loads on a commit's entries.
            await self._on_room(code, orjson.loads(text.replace("\n", ",")))
        else:
            await self._on_ticket(channel.rpartition(":")[2], orjson.loads(data))
