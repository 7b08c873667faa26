"""The bench's players: rooms of two websocket clients that check, call and pass as fast as the
server answers (bench/server.py drives them, in its own process or in load processes of their own).

    python bench/load.py --rooms 25 --seconds 10 [--pace S] URL [URL ...]

As a load process it plays `--rooms` rooms against the URLs (each new socket to the next URL in
turn) for `--seconds`, then prints one JSON line: the tally and its own CPU seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson
import psutil  # type: ignore[import-untyped]
import websockets

PROTOCOL = 2
"""The protocol the bench's clients speak (2: an act is answered by its update; 1: by the update
and then `accepted`); `--protocol` and bench/server.py's `--protocol` change it."""
SCENARIO = "full_2025"
STALL = 10.0
REMATCH = False
"""Whether a finished game's two players play again on the same sockets (protocol §25: the one
offers a rematch, the other accepts, both move to the new room with `join_rematch`) instead of
closing them and making a room anew: the per-game costs of players who rematch, for whom the
sockets' handshakes, greetings and leaves are paid once (bench/server.py `--rematch`)."""

Spread = Iterator[str]
"""The server's websocket URLs in turn, forever: where each new socket goes."""


def hello() -> dict[str, Any]:
    return {"type": "hello", "protocol_version": PROTOCOL, "id": "h"}


@dataclass
class Tally:
    actions: int = 0
    latencies: list[float] = field(default_factory=list)
    marks: list[tuple[float, int, bool]] = field(default_factory=list)
    """For each latency: when its action was sent (this process's perf_counter), the action's
    place in its game (1, 2, …) and whether it ended the game (bench/tail.py reads them)."""
    games: int = 0
    updates: int = 0
    update_bytes: int = 0
    rooms: int = 0
    spanning: int = 0
    """Rooms whose two seats were on different server URLs."""
    stalled: int = 0
    """Games given up because an update did not reach a seat within STALL seconds (or the
    server asked a seat to resync): a lost update, counted rather than waited for forever."""

    def add(self, other: Tally) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


async def recv(ws: Any, tally: Tally | None = None) -> dict[str, Any]:
    text = await ws.recv()
    # orjson, as a browser's JSON.parse is native: the clients share the machine with the
    # server, and the time they take to read a burst of updates is in the latency measured.
    found: dict[str, Any] = orjson.loads(text)
    if tally is not None and found.get("type") == "update":
        tally.updates += 1
        tally.update_bytes += len(text)
    return found


async def request(ws: Any, message: dict[str, Any], kind: str) -> dict[str, Any]:
    await ws.send(orjson.dumps(message).decode())
    async with asyncio.timeout(10):
        while True:
            reply = await recv(ws)
            if reply.get("type") in (kind, "error") and reply.get("id") == message.get("id"):
                return reply


def _move(view: dict[str, Any], side: str) -> dict[str, Any] | None:
    if view.get("outcome"):
        return None
    if view["to_act"] == side:
        return {"type": "call"} if view["facing"] else {"type": "check"}
    if view["phase_kind"] == "talks" and side not in view["passed"]:
        return {"type": "pass"}
    return None


Views = dict[str, dict[str, Any]]
Seats = tuple[str, dict[str, str]]
"""A room's code and its seats' tokens, by side."""


async def seated(spread: Spread, tally: Tally) -> tuple[Any, Any, Views]:
    """Open a socket and create a room, then a second socket naming it; seat them; return the
    sockets and their views."""
    w, b, views, _ = await _seated(spread, tally)
    return w, b, views


async def _seated(spread: Spread, tally: Tally) -> tuple[Any, Any, Views, Seats]:
    first, second = next(spread), next(spread)
    w = await websockets.connect(first)
    tally.rooms += 1
    tally.spanning += first != second
    await request(w, hello(), "welcome")
    create = {"type": "create_room", "scenario": SCENARIO, "timers": False, "id": "c"}
    code = (await request(w, create, "room_created"))["code"]
    # The second player opens the room's link, as a friend does: its socket names the room
    # (several workers steer it to the one that made the room: server/web/steer.py).
    b = await websockets.connect(f"{second}?room={code}")
    await request(b, hello(), "welcome")
    views: Views = {}
    tokens: dict[str, str] = {}
    for side, ws in (("washington", w), ("beijing", b)):
        join = {"type": "join", "code": code, "seat": side, "id": "j"}
        joined = await request(ws, join, "joined")
        views[side], tokens[side] = joined["view"], joined["token"]
    return w, b, views, (code, tokens)


async def rematched(w: Any, b: Any, seats: Seats, tally: Tally) -> tuple[Views, Seats]:
    """Washington offers a rematch, Beijing accepts, both move to the new room; return their
    views and the new room's seats."""
    for ws in (w, b):
        reply = await request(ws, {"type": "rematch", "id": "r"}, "accepted")
        if reply["type"] == "error":
            raise RuntimeError(reply)
    tally.rooms += 1
    code, tokens = seats
    views: Views = {}
    fresh: dict[str, str] = {}
    for side, ws in (("washington", w), ("beijing", b)):
        move = {"type": "join_rematch", "code": code, "token": tokens[side], "id": "m"}
        joined = await request(ws, move, "joined")
        if joined["type"] == "error":
            raise RuntimeError(joined)
        views[side], fresh[side], code_now = joined["view"], joined["token"], joined["code"]
    return views, (code_now, fresh)


async def _room(spread: Spread, tally: Tally, stop: float, pace: float) -> None:
    """Play games in one room after another until `stop`; a paced room starts at a random
    moment of its first pause, so that paced rooms do not all create and join at once."""
    if pace:
        await asyncio.sleep(random.uniform(0, pace))
    while time.monotonic() < stop:
        w, b, views, seats = await _seated(spread, tally)
        await play(w, b, views, tally, stop, pace)
        tally.games += 1
        while REMATCH and time.monotonic() < stop and views["washington"].get("outcome"):
            views, seats = await rematched(w, b, seats, tally)
            await play(w, b, views, tally, stop, pace)
            tally.games += 1
        await w.close()
        await b.close()


async def play(
    w: Any, b: Any, views: dict[str, dict[str, Any]], tally: Tally, stop: float, pace: float
) -> None:
    sockets = {"washington": w, "beijing": b}
    counter = 0
    while time.monotonic() < stop:
        moves = [(side, _move(views[side], side)) for side in sockets]
        moves = [(side, move) for side, move in moves if move is not None]
        if not moves:
            if views["washington"].get("outcome"):
                return
            raise RuntimeError("nobody can move")
        side, move = moves[0]
        counter += 1
        sent = time.perf_counter()
        act = {"type": "act", "command": move, "id": str(counter)}
        await sockets[side].send(orjson.dumps(act).decode())
        try:
            async with asyncio.timeout(STALL):
                arrived = await _arrivals(sockets, side, views, tally, str(counter))
        except (TimeoutError, Resync):
            tally.stalled += 1
            return
        tally.actions += 1
        tally.latencies.append(max(arrived.values()) - sent)
        tally.marks.append((sent, counter, bool(views[side].get("outcome"))))
        if pace:
            await asyncio.sleep(pace)


class Resync(Exception):
    """The server dropped updates for a seat and asked it to resync."""


async def _arrivals(
    sockets: dict[str, Any],
    side: str,
    views: dict[str, dict[str, Any]],
    tally: Tally,
    act: str,
) -> dict[str, float]:
    """Wait until both seats hold the update for `side`'s action (`act` its id); return when
    each did."""
    target = None
    arrived: dict[str, float] = {}
    while len(arrived) < 2:
        pending = [s for s in sockets if s not in arrived]
        for other in pending:
            reply = await recv(sockets[other], tally)
            if reply["type"] == "accepted":
                target = reply["n"]
            if reply["type"] == "update":
                if reply.get("id") == act:  # protocol 2: the update answers the act
                    target = reply["n"]
                views[other] = reply["view"]
                if target is None or reply["n"] >= target:
                    arrived[other] = time.perf_counter()
            if reply["type"] == "resync_required":
                raise Resync()
            if reply["type"] == "error":
                raise RuntimeError(reply)
    # Protocol 1: the actor gets its update before `accepted`; read that too.
    while target is None:
        reply = await recv(sockets[side])
        if reply["type"] == "accepted":
            target = reply["n"]
    return arrived


async def drive(spread: Spread, rooms: int, seconds: float, pace: float = 0.0) -> Tally:
    """Play `rooms` rooms for `seconds`, this process's garbage collector off meanwhile (what
    exists before is collected first). The clients' own collections were counted as the
    server's latency: in one run at 900 actions/s a full one took 24 ms and the middle ones up
    to 8 ms, with 100 sockets' views held. Their garbage is freed by reference counting as it
    goes; what cycles they leave is collected after."""
    gc.collect()
    gc.disable()
    try:
        tally = Tally()
        stop = time.monotonic() + seconds
        await asyncio.gather(*(_room(spread, tally, stop, pace) for _ in range(rooms)))
    finally:
        gc.enable()
    return tally


def cpu(process: psutil.Process) -> float:
    """The user and system CPU seconds `process` has used."""
    return float(sum(process.cpu_times()[:2]))


def main() -> None:
    global PROTOCOL, REMATCH
    parser = argparse.ArgumentParser(description="Play bench rooms; print one JSON tally.")
    parser.add_argument("--rooms", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--pace", type=float, default=0.0)
    parser.add_argument("--protocol", type=int, default=PROTOCOL, choices=(1, 2))
    parser.add_argument("--start", type=float, default=0.0, help="wait for this time.time()")
    parser.add_argument("--rematch", action="store_true", help="rematch on the same sockets")
    parser.add_argument("urls", nargs="+")
    args = parser.parse_args()
    PROTOCOL, REMATCH = args.protocol, args.rematch
    spread = itertools.cycle(args.urls)
    asyncio.run(drive(spread, 2, 0.5))  # warm up: imports, connections
    if args.start:
        time.sleep(max(0.0, args.start - time.time()))
    before = cpu(psutil.Process())
    tally = asyncio.run(drive(spread, args.rooms, args.seconds, args.pace))
    print(json.dumps({"tally": asdict(tally), "cpu": cpu(psutil.Process()) - before}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
