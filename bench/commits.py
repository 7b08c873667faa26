"""Redis's work for a room's commits, alone: the commits of whole full_2025 games (as the bench's
clients play them: check, call, pass; built by the server's own `prepare`) written through
`Store.commit_log` into `--rooms` rooms at once, and what that cost Redis and this process:

- Redis CPU per commit (its user and system time, psutil) and this process's (the client side:
  redis-py, the group commit, the event loop);
- with `--callgrind`, Redis's own instructions per commit (redis-server run under valgrind's
  callgrind: a count that does not move with whatever else the machine runs, for A/B
  comparisons of the commit script; the kernel's work is not in it);
- `--tcp`: over the loopback port instead of the Unix socket (as `brink serve` reaches its
  embedded Redis); `--rooms 3`: little for the group commit to batch, each commit nearly its own
  exchange (`--rooms 100`: most travel together).

    python bench/commits.py [--rooms 100] [--games 2] [--tcp] [--callgrind] [--json]

Needs Debian's redis-server (7.0: bench/stack.py's) and, for `--callgrind`, valgrind.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

import psutil  # type: ignore[import-untyped]  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from bench.hotpath import move  # noqa: E402
from bench.stack import redis_binary, wait_port  # noqa: E402
from server.engine import SYSTEM, initial_state, waiting_sides  # noqa: E402
from server.engine.commands import StartGame  # noqa: E402
from server.engine.decide import apply  # noqa: E402
from server.live.commit import prepare  # noqa: E402
from server.live.rooms import Room, RoomInfo, event_entries  # noqa: E402
from server.protocol import CLIENT_MESSAGES, Act  # noqa: E402
from server.replay.verify import engine_seat  # noqa: E402
from server.ruleset.loader import load_ruleset  # noqa: E402
from server.storage.connect import connect  # noqa: E402
from server.storage.redis_embedded import (  # noqa: E402
    free_port,
    redis_url,
    server_command,
    socket_path,
    socket_url,
)
from server.storage.store import Commit, Store  # noqa: E402


def game_commits(seed: int) -> list[Commit]:
    """The commits of one full_2025 game (room code "BENCH0"), as the server makes them."""
    rules = load_ruleset(_HERE.parent / "rules" / "full_2025.yaml")
    room = Room(
        RoomInfo("BENCH0", rules.id, "en", {}, {}, False, ""), rules, initial_state(rules), 0
    )
    start = StartGame(seed=seed)
    state, events = apply(rules, room.state, SYSTEM, start)
    entries = event_entries(0, "system", start, events, None, 0)
    commits = [prepare(room, entries, state, "bench", 0, True).commit]
    room.advance(entries, state)
    while not room.state.finished:
        side = waiting_sides(room.state)[0]
        frame = json.dumps({"type": "act", "id": "a", "command": move(rules, room, side)})
        request = CLIENT_MESSAGES.validate_json(frame)
        assert isinstance(request, Act)
        state, events = apply(rules, room.state, engine_seat(side), request.command)
        entries = event_entries(room.n, side, request.command, events, "c", 0)
        commits.append(prepare(room, entries, state, "bench", 0, True).commit)
        room.advance(entries, state)
    return commits


async def write(redis: Redis, games: list[list[Commit]], rooms: int, round_: int) -> int:
    """Write every game into each of `rooms` rooms at once; return the commits written."""
    store = Store(redis)

    async def room(index: int) -> int:
        done = 0
        for number, commits in enumerate(games):
            code = f"B{round_}X{number}X{index}"
            first, *rest = commits
            made = {"scenario": "full_2025"}
            assert await store.commit_log(dataclasses.replace(first, code=code), made)
            for commit in rest:
                assert await store.commit_log(dataclasses.replace(commit, code=code))
            done += len(commits)
        return done

    return sum(await asyncio.gather(*(room(index) for index in range(rooms))))


async def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    port = free_port()
    argv = server_command(redis_binary(), port, folder, persistent=False)
    out = folder / "callgrind.out"
    if args.callgrind:
        argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port, process, 120 if args.callgrind else 20)
        unix = socket_path(folder) if not args.tcp else None
        redis = connect(socket_url(unix) if unix else redis_url(port))
        games = [game_commits(seed) for seed in range(args.games)]
        await write(redis, games, args.rooms, 0)  # warm up: scripts loaded, pools filled
        if args.callgrind:
            subprocess.run(
                ["callgrind_control", "-z", str(process.pid)], check=True, capture_output=True
            )
        watched = psutil.Process(process.pid)
        before, mine = watched.cpu_times(), time.process_time()
        commits = await write(redis, games, args.rooms, 1)
        after, mine_after = watched.cpu_times(), time.process_time()
        if args.callgrind:
            subprocess.run(
                ["callgrind_control", "-d", str(process.pid)], check=True, capture_output=True
            )
        await redis.aclose()
    finally:
        process.terminate()
        process.wait()
    spent = (after.user + after.system) - (before.user + before.system)
    found: dict[str, Any] = {
        "rooms": args.rooms,
        "commits": commits,
        "over": "tcp" if args.tcp else "unix",
        "redis_cpu_us": round(spent / commits * 1e6, 2),
        "client_cpu_us": round((mine_after - mine) / commits * 1e6, 2),
    }
    if args.callgrind:
        dumps = sorted(folder.glob("callgrind.out.*"), key=lambda p: p.stat().st_mtime)
        totals = [line for line in dumps[-1].read_text().splitlines() if line.startswith("totals:")]
        found["redis_instructions"] = round(int(totals[-1].split()[1]) / commits)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--games", type=int, default=2, help="games written into each room")
    parser.add_argument("--tcp", action="store_true", help="over the port, not the Unix socket")
    parser.add_argument("--callgrind", action="store_true", help="count Redis's instructions")
    parser.add_argument("--json", action="store_true", help="print one JSON line at the end")
    args = parser.parse_args()
    if args.rooms < 1 or args.games < 1:
        parser.error("--rooms and --games must be at least 1")
    if args.callgrind and shutil.which("valgrind") is None:
        parser.error("--callgrind needs valgrind (Debian's package)")
    with tempfile.TemporaryDirectory(prefix="brink-commits-") as folder:
        found = asyncio.run(measure(args, Path(folder)))
    print(
        f"{found['commits']:,} commits in {args.rooms} rooms at once over {found['over']}: "
        f"Redis {found['redis_cpu_us']} µs of CPU a commit, this process "
        f"{found['client_cpu_us']} µs"
        + (
            f"; Redis's instructions a commit {found['redis_instructions']:,}"
            if args.callgrind
            else ""
        )
    )
    if args.json:
        print(json.dumps(found))


if __name__ == "__main__":
    main()
