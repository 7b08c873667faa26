"""A Redis that stops answering (frozen, a network that drops packets) fails the server's
commands after a bounded time — a command, a pipeline, a batch of commits — instead of holding
them forever, and the client works again once Redis answers (server/storage/connect.py)."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest
from faultkit import OwnRedis
from redis.exceptions import TimeoutError as RedisTimeoutError

from server.storage import connect as connecting
from server.storage.store import Store


async def test_commands_time_out_while_redis_is_frozen_and_work_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connecting, "COMMAND_TIMEOUT", 0.3)
    monkeypatch.setattr(connecting, "WAIT", 0.2)
    own = OwnRedis(tmp_path)
    own.start()
    redis = connecting.connect(own.url)
    try:
        store = Store(redis)
        assert await store.create_room("FROZEN", {"scenario": "intro"}, "h", "{}")
        assert own.process is not None
        own.process.send_signal(signal.SIGSTOP)
        try:
            loop = asyncio.get_running_loop()
            started = loop.time()
            # redis-py's TimeoutError: a RedisError, which every caller handles as "Redis is away"
            with pytest.raises(RedisTimeoutError):
                await redis.get("anything")
            with pytest.raises(RedisTimeoutError):
                await store.entries_and_names("FROZEN", 0)  # a pipeline
            assert loop.time() - started < 3
        finally:
            own.process.send_signal(signal.SIGCONT)
        assert await redis.hget(Store.key("FROZEN"), "scenario") == "intro"
    finally:
        await redis.aclose()
        own.stop()
