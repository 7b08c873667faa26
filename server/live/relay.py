"""This process's pub/sub: what other processes commit to the rooms it holds, and the
quick-match tickets it waits on.

A room's channel carries its commits (`{"deadline": …, "entries": […]}`) and presence
(`{"presence": …}`), each led by the publishing process's origin so a process skips its own
messages without parsing them; a ticket's channel carries the match made for it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis

log = logging.getLogger("brink.hub")

OnMessage = Callable[[str, dict[str, Any]], Awaitable[None]]


def room_channel(code: str) -> str:
    return f"brink:room:{code}"


class Relay:
    """Subscriptions to rooms' and tickets' channels, and the loop that hands on what arrives."""

    def __init__(self, redis: Redis, origin: str, on_room: OnMessage, on_ticket: OnMessage) -> None:
        self.redis = redis
        self.origin = origin
        self._on_room = on_room
        self._on_ticket = on_ticket
        self._pubsub = redis.pubsub()

    async def subscribe(self, code: str) -> None:
        await self._pubsub.subscribe(room_channel(code))

    async def unsubscribe(self, code: str) -> None:
        await self._pubsub.unsubscribe(room_channel(code))

    async def watch_ticket(self, ticket: str) -> None:
        await self._pubsub.subscribe(f"brink:ticket:{ticket}")

    async def unwatch_ticket(self, ticket: str) -> None:
        await self._pubsub.unsubscribe(f"brink:ticket:{ticket}")

    async def publish(self, code: str, payload: dict[str, Any]) -> None:
        """Publish `payload` on the room's channel, marked as this process's."""
        await self.redis.publish(room_channel(code), self.origin + json.dumps(payload))

    async def listen(self) -> None:
        """Hand on what other processes publish, for as long as the process runs."""
        while True:
            if not self._pubsub.subscribed:
                await asyncio.sleep(0.05)
                continue
            message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is None:
                continue
            try:
                await self._received(message["channel"], message["data"])
            except Exception:
                log.exception("bad pub/sub message on %s", message["channel"])

    async def _received(self, channel: str, data: str) -> None:
        if data.startswith(self.origin):
            return
        if channel.startswith("brink:room:") and data[:1] != "{":
            data = data[len(self.origin) :]
        payload = json.loads(data)
        kind, _, name = channel.rpartition(":")
        if kind == "brink:ticket":
            await self._on_ticket(name, payload)
        else:
            await self._on_room(name, payload)

    async def close(self) -> None:
        await self._pubsub.aclose()
