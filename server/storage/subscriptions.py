"""A pub/sub connection's channels, and the loop that hands on what arrives on them — the part
the server's relay (live/relay.py) and the classes' channels (classroom/channels.py) share.

The channels are remembered here, so a subscription asked for while Redis is away is made when
it comes back. If the connection breaks (Redis restarted, a network fault) the loop logs it,
waits (doubling from RETRY_FIRST up to RETRY_MOST), subscribes every channel again on a new
connection and calls `_reconnected`: what was published meanwhile is lost, and the subclass
reads what it needs from Redis instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger("brink.pubsub")
RETRY_FIRST, RETRY_MOST = 0.05, 2.0


class Subscriptions:
    """Channels on one pub/sub connection; `listen` hands each message to `_received`."""

    name = "pub/sub"
    """How the log names this connection."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._pubsub = redis.pubsub()
        self._channels: set[str] = set()
        # One (un)subscribe at a time: two first subscribes on a fresh connection would open
        # two connections, and one channel's messages would never arrive.
        self._subscribing = asyncio.Lock()
        self.reconnects = 0

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

    async def _received(self, channel: str, data: str) -> None:
        raise NotImplementedError

    async def _reconnected(self) -> None:
        """The connection came back: what was published meanwhile is lost."""

    async def listen(self) -> None:
        """Hand on what arrives, for as long as the process runs (see the module's text)."""
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
                if wait == RETRY_FIRST:  # said once, not at every try while Redis is away
                    log.warning("%s lost its connection to Redis (%s); retrying", self.name, error)
                else:
                    log.debug("%s still cannot reach Redis (%s)", self.name, error)
                await asyncio.sleep(wait)
                wait = min(wait * 2, RETRY_MOST)
                await self._reconnect()
                continue
            if wait > RETRY_FIRST:
                wait = RETRY_FIRST
                self.reconnects += 1
                log.warning("%s reconnected; catching up", self.name)
                try:
                    await self._reconnected()
                except (RedisError, OSError) as error:
                    log.warning("catching up after reconnecting failed (%s)", error)
            if message is None:
                continue
            try:
                await self._received(str(message["channel"]), message["data"])
            except Exception:
                log.exception("bad %s message on %s", self.name, message["channel"])

    async def _reconnect(self) -> None:
        """Drop the broken connection; the loop subscribes a new one to every channel."""
        old, self._pubsub = self._pubsub, self.redis.pubsub()
        with contextlib.suppress(RedisError, OSError):
            await old.aclose()

    async def close(self) -> None:
        await self._pubsub.aclose()
