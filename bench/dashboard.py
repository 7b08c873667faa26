"""Dashboard benchmark: prints numbers, asserts nothing.

    python bench/dashboard.py [--rooms 25] [--seconds 30] [--think 0.3] [--processes 2] [--json]

Starts a real Redis and `--processes` `brink serve` processes (bench/stack.py), signs an
instructor in, makes a class of 2 x `--rooms` students (a roster: one student a side, so that
many rooms), and lets every student join by the class code, follow the class, take their seat
and play it with an engine bot over a real websocket (client/bot.py's RemoteBot, `--think`
seconds before each move, so rooms move at about the pace of quick players). The instructor
watches the class's dashboard on the last process; the students play on the others (with two
processes, every change crosses pub/sub to reach the dashboard).

Reports the dashboard's update latency: for every room summary it receives, the time from the
commit of that room's latest log entry (the entry's `at`, the server's clock at the commit) to
the moment the summary reached the dashboard (p50, p95, max); the same for the players' own
updates (the floor: what any socket sees); commits (moves and their events) a second across
the class; the dashboard's
messages and kilobytes a second (it coalesces: one `class_rooms` at most every 0.1 s).
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
from typing import Any

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

import aiohttp  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from bench.stack import Stack  # noqa: E402
from client.bot import RemoteBot  # noqa: E402
from client.connection import BrinkClient  # noqa: E402
from server.classroom.accounts import add_instructor  # noqa: E402
from server.live.loading import load_scenarios  # noqa: E402
from server.protocol import ClassFollowed, FollowClass, Update, WatchClass  # noqa: E402

PASSWORD = "bench password 1"
RULES = _HERE.parent / "rules"


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Seen:
    """When each room's log positions were committed (from the players' updates), and the
    latencies measured."""

    def __init__(self) -> None:
        self.committed: dict[tuple[str, int], int] = {}
        self.players: list[float] = []
        self.dashboard: list[float] = []
        self.moves = 0
        self.messages = 0
        self.bytes = 0
        self.started = time.time()

    def update(self, room: str, update: Update) -> None:
        now = time.time() * 1000
        last = update.entries[-1] if update.entries else None
        if last is None or last.at is None:
            return
        if (room, update.n) not in self.committed:
            self.committed[(room, update.n)] = last.at
            self.moves += 1
        self.players.append(now - last.at)

    def summary(self, text: str) -> None:
        now = time.time() * 1000
        self.messages += 1
        self.bytes += len(text)
        message = json.loads(text)
        for room in message.get("rooms", []):
            at = self.committed.get((room["code"], room["n"]))
            if at is not None:
                self.dashboard.append(now - at)


async def student(url: str, code: str, name: str, rules: Any, seen: Seen, think: float) -> None:
    base = url.replace("ws://", "http://").removesuffix("/ws")
    async with (
        aiohttp.ClientSession(base_url=base) as http,
        http.post(f"/api/classes/{code}/join", json={"name": name}) as joined,
    ):
        token = (await joined.json())["token"]
    async with BrinkClient(url, name) as client:
        where = await client.request(FollowClass(code=code, token=token))
        assert isinstance(where, ClassFollowed) and where.room and where.token
        room = where.room

        def note(message: Any) -> None:
            if isinstance(message, Update):
                seen.update(room, message)

        client.listeners.append(note)
        await client.resume(room, where.token)
        bot = RemoteBot(
            client, rules, "random", say=lambda _: None, delay=think * random.uniform(0.5, 1.5)
        )
        await bot.play()


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    rules = load_scenarios(RULES)[args.scenario]
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack(Path(folder), args.processes, cluster=False)
        try:
            redis = Redis.from_url(stack.redis_url, decode_responses=True)
            await add_instructor(redis, "bench", PASSWORD)
            await redis.aclose()
            watch_url, play_urls = stack.urls[-1], stack.urls[:-1] or stack.urls
            base = watch_url.replace("ws://", "http://").removesuffix("/ws")
            jar = aiohttp.CookieJar(unsafe=True)
            async with aiohttp.ClientSession(base_url=base, cookie_jar=jar) as teacher:
                async with teacher.post(
                    "/api/instructor/signin", json={"name": "bench", "password": PASSWORD}
                ):
                    pass
                names = [f"Student {i + 1}" for i in range(2 * args.rooms)]
                setup = {
                    "scenario": args.scenario,
                    "roster": names,
                    "seconds": {p.id: 600 for p in rules.phases if p.kind != "resolution"},
                    "bots": None,
                }
                async with teacher.post("/api/classes", json=setup) as made:
                    info = await made.json()
                cookie = "; ".join(f"{c.key}={c.value}" for c in jar)
            seen = Seen()
            async with BrinkClient(watch_url, "teacher", headers={"Cookie": cookie}) as board:
                await board.request(WatchClass(code=info["code"]))
                board.listeners.append(lambda m: None)
                original = board._receive

                def receive(text: str) -> None:
                    if '"class_rooms"' in text[:40]:
                        seen.summary(text)
                    original(text)

                board._receive = receive  # type: ignore[method-assign]
                players = [
                    asyncio.create_task(
                        student(
                            play_urls[i % len(play_urls)],
                            info["code"],
                            name,
                            rules,
                            seen,
                            args.think,
                        )
                    )
                    for i, name in enumerate(names)
                ]
                await asyncio.sleep(args.seconds)
                seconds = time.time() - seen.started
                for task in players:
                    task.cancel()
                await asyncio.gather(*players, return_exceptions=True)
        finally:
            stack.stop()
    return {
        "rooms": len(info["rooms"]),
        "processes": args.processes,
        "seconds": round(seconds, 1),
        "commits_per_second": round(seen.moves / seconds, 1),
        "dashboard_ms": {
            "p50": round(percentile(seen.dashboard, 0.5), 1),
            "p95": round(percentile(seen.dashboard, 0.95), 1),
            "max": round(max(seen.dashboard, default=float("nan")), 1),
            "samples": len(seen.dashboard),
        },
        "players_ms": {
            "p50": round(percentile(seen.players, 0.5), 1),
            "p95": round(percentile(seen.players, 0.95), 1),
        },
        "dashboard_messages_per_second": round(seen.messages / seconds, 1),
        "dashboard_kb_per_second": round(seen.bytes / seconds / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=0.3, help="seconds before each move")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--scenario", default="classroom")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(out))
        return
    d, p = out["dashboard_ms"], out["players_ms"]
    rate = out["commits_per_second"]
    print(
        f"{out['rooms']} rooms, {out['processes']} processes, {out['seconds']} s, {rate} commit/s"
    )
    print(f"dashboard update latency: p50 {d['p50']} ms, p95 {d['p95']} ms, max {d['max']} ms")
    print(f"  ({d['samples']} room summaries)")
    print(f"players' own updates:     p50 {p['p50']} ms, p95 {p['p95']} ms")
    traffic = f"{out['dashboard_messages_per_second']} messages/s"
    print(f"dashboard traffic: {traffic}, {out['dashboard_kb_per_second']} KB/s")


if __name__ == "__main__":
    main()
