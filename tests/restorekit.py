"""Test helpers for a server whose Redis went back in time: back up every key, restore the backup
(what a restore from an older backup does), and start the server again on its port."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from redis.asyncio import Redis
from serverkit import start_server

Backup = list[tuple[bytes, int, bytes]]


async def backup(redis_url: str) -> Backup:
    """Every key of the database with its expiry, as a backup holds them."""
    saved: Backup = []
    async with Redis.from_url(redis_url) as redis:
        async for key in redis.scan_iter():
            dumped = await redis.dump(key)
            if dumped is not None:
                saved.append((key, max(0, await redis.pttl(key)), dumped))
    return saved


async def restore(redis_url: str, saved: Backup) -> None:
    """Put the database back as the backup had it (what a restore from it does)."""
    async with Redis.from_url(redis_url) as redis:
        await redis.flushdb()
        for key, ttl, dumped in saved:
            await redis.restore(key, ttl, dumped)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


async def restored(redis_url: str, tmp_path: Path, saved: Backup, port: int) -> web.AppRunner:
    """Restore the backup and start the server again on its port; return its runner."""
    await restore(redis_url, saved)
    runner, _ = await start_server(redis_url, tmp_path, port=port)
    return runner
