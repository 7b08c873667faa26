"""Debrief benchmark: prints numbers, asserts nothing.

    python bench/debrief.py [--rooms 25] [--scenario classroom]

Starts a throwaway redis-server and the app, keeps `--rooms` finished games of one instructor's
class (bot games dealt the same game, recorded as people would play them), signs in, and times
what the instructor waits for: the debrief, the two CSVs and the JSON. Meanwhile it asks
/healthz every 10 ms and reports the longest answer: how long the debrief held up the process
(its games' other players wait that long too).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]
sys.path.insert(0, str(_HERE.parent / "tests"))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from classkit import add_instructor, signed_in  # noqa: E402
from recordkit import RULES, seeded_game  # noqa: E402

from server.replay.record import read_record, summary_of  # noqa: E402
from server.settings import Settings  # noqa: E402
from server.storage.games import Games  # noqa: E402
from server.storage.redis_embedded import EmbeddedRedis  # noqa: E402
from server.web.app import create_app  # noqa: E402
from server.web.appkeys import REDIS  # noqa: E402

BOTS = ["planner_classic", "tit_for_tat", "hawk", "dove", "random"]
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


async def main(rooms: int, scenario: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        redis = EmbeddedRedis(Path(folder) / "redis", persistent=False)
        url = await redis.start()
        settings = Settings(redis_url=url, port=0, data_dir=Path(folder))
        runner = web.AppRunner(create_app(settings))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        base = f"ws://127.0.0.1:{port}/ws"
        try:
            await run(runner, base, url, rooms, scenario)
        finally:
            await runner.cleanup()
            await redis.stop()


async def run(runner: web.AppRunner, base: str, url: str, rooms: int, scenario: str) -> None:
    await add_instructor(url, "bench")
    games = Games(runner.app[REDIS])
    rng = random.Random(1)
    codes = []
    entries = 0
    for i in range(rooms):
        code = "".join(rng.choice(ALPHABET) for _ in range(6))
        bots = {"washington": rng.choice(BOTS), "beijing": rng.choice(BOTS)}
        seats = {"washington": f"W{i}", "beijing": f"B{i}"}
        text = seeded_game(RULES[scenario], 42, bots, code, seats, think_ms=2000 + 500 * i)
        header = read_record(text, code).header
        await games.keep(code, text, json.dumps(summary_of(header, {}, "", "bench")), 1)
        codes.append(code)
        entries += header.entries
    print(f"{rooms} rooms of {scenario}, {entries} log entries in all")
    session = await signed_in(base, "bench")
    query = ",".join(codes)
    try:
        for label, path in [
            ("debrief", f"/api/debrief?rooms={query}"),
            ("debrief again", f"/api/debrief?rooms={query}"),
            ("CSV events", f"/api/debrief/export.csv?rooms={query}&rows=events"),
            ("CSV games", f"/api/debrief/export.csv?rooms={query}&rows=games"),
            ("JSON", f"/api/debrief/export.json?rooms={query}"),
        ]:
            took, size, stall = await timed(session, path)
            print(
                f"{label:14} {took:6.2f} s  {size / 1024:8.0f} KiB  "
                f"longest /healthz meanwhile {stall * 1000:5.0f} ms"
            )
    finally:
        await session.close()


async def timed(session: aiohttp.ClientSession, path: str) -> tuple[float, int, float]:
    stall = 0.0
    done = asyncio.Event()

    async def ping() -> None:
        nonlocal stall
        async with aiohttp.ClientSession(base_url=str(session._base_url)) as other:
            while not done.is_set():
                began = time.perf_counter()
                async with other.get("/healthz") as reply:
                    await reply.read()
                stall = max(stall, time.perf_counter() - began)
                await asyncio.sleep(0.01)

    pinger = asyncio.create_task(ping())
    began = time.perf_counter()
    async with session.get(path) as reply:
        body = await reply.read()
        assert reply.status == 200, (reply.status, body[:200])
    took = time.perf_counter() - began
    done.set()
    await pinger
    return took, len(body), stall


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=25)
    parser.add_argument("--scenario", default="classroom", choices=sorted(RULES))
    args = parser.parse_args()
    asyncio.run(main(args.rooms, args.scenario))
