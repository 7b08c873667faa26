"""What a game costs the server before and after its moves: two sockets opened and greeted, a
room created, both seats joined, both sockets closed — without playing. Prints the server's CPU
per room so lived (and its kernel share), the part that bench/server.py spreads over a game's
actions (a full_2025 game there is ~22 actions).

    python bench/rooms.py [--rooms 1000] [--at-once 10] [--part all|greet|create]

`greet`: only the sockets and `hello`; `create`: that and the room's creation; `all`: and the
joins (and, as the sockets close, the leaves and the room let go).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import websockets

_HERE = Path(__file__).resolve().parent
# Run as a script, bench/ comes first on the path, where bench/server.py would hide the server;
# the checkout the script is in comes first instead (not the one the venv was installed from).
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]
from bench.stack import Stack  # noqa: E402


async def request(ws: Any, message: dict[str, Any], want: str) -> dict[str, Any]:
    await ws.send(json.dumps(message))
    while True:
        reply: dict[str, Any] = json.loads(await ws.recv())
        if reply.get("type") == want:
            return reply
        if reply.get("type") == "error":
            raise RuntimeError(reply)


async def one_room(url: str, part: str) -> None:
    sockets = [await websockets.connect(url), await websockets.connect(url)]
    for ws in sockets:
        await request(ws, {"type": "hello", "protocol_version": 2, "id": "h"}, "welcome")
    if part != "greet":
        create = {"type": "create_room", "scenario": "full_2025", "timers": False, "id": "c"}
        code = (await request(sockets[0], create, "room_created"))["code"]
        if part == "all":
            for side, ws in zip(("washington", "beijing"), sockets, strict=True):
                join = {"type": "join", "code": code, "seat": side, "id": "j"}
                await request(ws, join, "joined")
    for ws in sockets:
        await ws.close()


async def measure(stack: Stack, rooms: int, at_once: int, part: str) -> dict[str, float]:
    url = stack.urls[0]
    for _ in range(2 * at_once):  # warm up: imports, connections, caches
        await one_room(url, part)
    await asyncio.sleep(0.5)
    processes = stack.server_processes()
    before = [p.cpu_times() for p in processes]
    started = time.perf_counter()
    for _ in range(rooms // at_once):
        await asyncio.gather(*(one_room(url, part) for _ in range(at_once)))
    await asyncio.sleep(0.5)  # the leaves and let-gos that follow the closes
    after = [p.cpu_times() for p in processes]
    done = rooms // at_once * at_once
    user = sum(a.user - b.user for a, b in zip(after, before, strict=True))
    system = sum(a.system - b.system for a, b in zip(after, before, strict=True))
    return {
        "rooms": done,
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_us_per_room": round((user + system) / done * 1e6),
        "system_us_per_room": round(system / done * 1e6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=1000)
    parser.add_argument("--at-once", type=int, default=10)
    parser.add_argument("--part", choices=("all", "greet", "create"), default="all")
    args = parser.parse_args()
    if args.rooms < args.at_once or args.at_once < 1:
        parser.error("--rooms must be at least --at-once, which must be at least 1")
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack(Path(folder), 1, False)
        try:
            found = asyncio.run(measure(stack, args.rooms, args.at_once, args.part))
        finally:
            stack.stop()
    print(f"{stack.describe()}; part: {args.part}")
    print(
        f"server CPU per room: {found['cpu_us_per_room']} µs "
        f"(kernel {found['system_us_per_room']} µs), {found['rooms']} rooms in {found['seconds']} s"
    )
    print(json.dumps({"part": args.part, **found}))


if __name__ == "__main__":
    main()
