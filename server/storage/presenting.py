"""Presenting a replay to a class (docs/debrief.md): the grants that let the class's followers
open the one game, from the one view, their instructor is stepping through; and the step shown
last, for a student who comes in late.

    {brink}:present:HASH               string  {"class", "room", "viewer"}        PRESENT_TTL
    {brink}:class:{CODE}:presenting    hash    ROOM:VIEWER -> token; now -> msg   PRESENT_TTL

A grant is made once per class, room and view, and renewed at each step; Redis keeps only the
token's hash beside what it opens (the class hash keeps the token, to hand it out again)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import cast

from redis.asyncio import Redis

from server.protocol.tokens import new_token
from server.storage import keys
from server.storage.keys import PRESENT_TTL
from server.storage.store import token_hash


class Presenting:
    """Grants and the current step of the classes being presented to."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def grant(self, class_code: str, room: str, viewer: str) -> str:
        """Return the token that opens `room` from `viewer` for the class (made on first use)."""
        held = keys.class_presenting(class_code)
        field = f"{room}:{viewer}"
        token = cast(str | None, await self.redis.hget(held, field))
        if token is None:
            token = new_token(18)
            await self.redis.hset(held, field, token)
        opens = json.dumps({"class": class_code, "room": room, "viewer": viewer})
        await self.redis.set(keys.present_grant(token_hash(token)), opens, ex=PRESENT_TTL)
        await self.redis.expire(held, PRESENT_TTL)
        return token

    async def opened(self, tokens: Iterable[str]) -> list[tuple[str, str]]:
        """Return what the grants `tokens` open: (room, viewer) pairs; unknown ones open nothing."""
        hashed = [keys.present_grant(token_hash(token)) for token in tokens]
        if not hashed:
            return []
        found = cast(list[str | None], await self.redis.mget(hashed))
        pairs = []
        for text in found:
            if text:
                grant = json.loads(text)
                pairs.append((str(grant["room"]), str(grant["viewer"])))
        return pairs

    async def keep_current(self, class_code: str, message: str) -> None:
        held = keys.class_presenting(class_code)
        await self.redis.hset(held, "now", message)
        await self.redis.expire(held, PRESENT_TTL)

    async def current(self, class_code: str) -> str | None:
        """Return the step presented last to the class (the `presented` message), or None."""
        return cast(str | None, await self.redis.hget(keys.class_presenting(class_code), "now"))
