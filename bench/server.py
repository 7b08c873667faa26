"""Server benchmark: prints numbers, asserts nothing.

    python bench/server.py [--rooms 50] [--seconds 10] [--processes 1] [--cluster]

Starts a real Redis (`--cluster`: a three-node Redis Cluster) and `--processes` `brink serve`
processes on it (bench/stack.py), then plays N rooms at once, each with two bot clients over real
websockets (they check, call and pass as fast as the server answers); the clients' sockets go to
the processes in turn, as a round-robin proxy would send them, and a room's two seats are opened
one after the other: with several processes every room has its seats on two processes, and every
action reaches the other seat through pub/sub (the worst case for the processes).
Reports accepted actions/s, the latency from sending an action to both seats holding its update
(p50/p99), the CPU per action of the server processes (together), of Redis (every node) and of
the clients, the commands the servers send Redis per action (every node: MONITOR during one
game, background timer polls and heartbeats included), memory per room and per idle connection
(measured first, on the fresh first process); p50/p99 at about half the
server's peak rate (the paced rooms start at random moments of their first pause); then runs the
same message pattern against a bare aiohttp websocket relay (no rules, no Redis) in a process of
its own, so the server's throughput can be read as a ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as `python bench/server.py`, this file's folder comes first on sys.path and its name
# would shadow the `server` package: take the folder off before importing it (and put the
# repository's root on, for `bench.stack`).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

import psutil  # type: ignore[import-untyped]  # noqa: E402
import websockets  # noqa: E402
from redis import Redis  # noqa: E402

from bench.stack import Stack, wait_port  # noqa: E402
from server.storage.redis_embedded import free_port  # noqa: E402

HELLO = json.dumps({"type": "hello", "protocol_version": 1, "id": "h"})


@dataclass
class Tally:
    actions: int = 0
    latencies: list[float] = field(default_factory=list)
    games: int = 0
    updates: int = 0
    update_bytes: int = 0
    rooms: int = 0
    spanning: int = 0
    """Rooms whose two seats were on different server processes."""
    stalled: int = 0
    """Games given up because an update did not reach a seat within STALL seconds (or the
    server asked a seat to resync): a lost update, counted rather than waited for forever."""


async def _recv(ws: Any, tally: Tally | None = None) -> dict[str, Any]:
    text = await ws.recv()
    found: dict[str, Any] = json.loads(text)
    if tally is not None and found.get("type") == "update":
        tally.updates += 1
        tally.update_bytes += len(text)
    return found


async def _request(ws: Any, message: dict[str, Any], kind: str) -> dict[str, Any]:
    await ws.send(json.dumps(message))
    async with asyncio.timeout(10):
        while True:
            reply = await _recv(ws)
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


SCENARIO = "full_2025"
IDLE, ROOMS = 200, 100
STALL = 10.0


Spread = Iterator[str]
"""The server processes' websocket URLs in turn, forever: where each new socket goes."""


async def _seated(spread: Spread, tally: Tally) -> tuple[Any, Any, dict[str, dict[str, Any]]]:
    """Open two sockets, create a room and seat them; return the sockets and their views."""
    first, second = next(spread), next(spread)
    w, b = await websockets.connect(first), await websockets.connect(second)
    tally.rooms += 1
    tally.spanning += first != second
    for ws in (w, b):
        await _request(ws, json.loads(HELLO), "welcome")
    create = {"type": "create_room", "scenario": SCENARIO, "timers": False, "id": "c"}
    code = (await _request(w, create, "room_created"))["code"]
    views: dict[str, dict[str, Any]] = {}
    for side, ws in (("washington", w), ("beijing", b)):
        join = {"type": "join", "code": code, "seat": side, "id": "j"}
        views[side] = (await _request(ws, join, "joined"))["view"]
    return w, b, views


async def _room(spread: Spread, tally: Tally, stop: float, pace: float) -> None:
    """Play games in one room after another until `stop`; a paced room starts at a random
    moment of its first pause, so that paced rooms do not all create and join at once."""
    if pace:
        await asyncio.sleep(random.uniform(0, pace))
    while time.monotonic() < stop:
        w, b, views = await _seated(spread, tally)
        await _play(w, b, views, tally, stop, pace)
        tally.games += 1
        await w.close()
        await b.close()


async def _round_trips_per_action(spread: Spread, nodes: list[str]) -> tuple[float, dict[str, int]]:
    """Play one game while MONITOR on every Redis node records what the servers send: return
    the top-level commands (round trips) per action, and their names (commands run inside a
    script are marked `lua` by MONITOR and not counted)."""
    tally = Tally()
    w, b, views = await _seated(spread, tally)
    seen: list[str] = []
    ready, done = threading.Semaphore(0), threading.Event()

    def watch(node: str) -> None:
        with Redis.from_url(node).monitor() as monitor:  # type: ignore[no-untyped-call]
            ready.release()
            for command in monitor.listen():
                if done.is_set():
                    return
                if command.get("client_type") != "lua":
                    seen.append(str(command["command"]).split(" ", 1)[0].lower())

    threads = [threading.Thread(target=watch, args=(node,), daemon=True) for node in nodes]
    for thread in threads:
        thread.start()
        ready.acquire(timeout=5)
    await asyncio.sleep(0.2)
    await _play(w, b, views, tally, time.monotonic() + 60, 0.0)
    await asyncio.sleep(0.2)
    done.set()
    for node, thread in zip(nodes, threads, strict=True):
        Redis.from_url(node).ping()
        thread.join(5)
    await w.close()
    await b.close()
    counts: dict[str, int] = {}
    for name in seen:
        counts[name] = counts.get(name, 0) + 1
    counts.pop("ping", None)
    return sum(counts.values()) / max(1, tally.actions), counts


async def _play(
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
        await sockets[side].send(json.dumps({"type": "act", "command": move, "id": str(counter)}))
        try:
            async with asyncio.timeout(STALL):
                arrived = await _arrivals(sockets, side, views, tally)
        except (TimeoutError, Resync):
            tally.stalled += 1
            return
        tally.actions += 1
        tally.latencies.append(max(arrived.values()) - sent)
        if pace:
            await asyncio.sleep(pace)


class Resync(Exception):
    """The server dropped updates for a seat and asked it to resync."""


async def _arrivals(
    sockets: dict[str, Any], side: str, views: dict[str, dict[str, Any]], tally: Tally
) -> dict[str, float]:
    """Wait until both seats hold the update for `side`'s action; return when each did."""
    target = None
    arrived: dict[str, float] = {}
    while len(arrived) < 2:
        pending = [s for s in sockets if s not in arrived]
        for other in pending:
            reply = await _recv(sockets[other], tally)
            if reply["type"] == "accepted":
                target = reply["n"]
            if reply["type"] == "update":
                views[other] = reply["view"]
                if target is None or reply["n"] >= target:
                    arrived[other] = time.perf_counter()
            if reply["type"] == "resync_required":
                raise Resync()
            if reply["type"] == "error":
                raise RuntimeError(reply)
    # The actor gets its update before `accepted`; read that too.
    while target is None:
        reply = await _recv(sockets[side])
        if reply["type"] == "accepted":
            target = reply["n"]
    return arrived


async def _drive(spread: Spread, rooms: int, seconds: float, pace: float = 0.0) -> Tally:
    tally = Tally()
    stop = time.monotonic() + seconds
    await asyncio.gather(*(_room(spread, tally, stop, pace) for _ in range(rooms)))
    return tally


def _start_baseline(update_bytes: int, game: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    echo = str(Path(__file__).with_name("echo_server.py"))
    process = subprocess.Popen(
        [sys.executable, echo, str(port), str(update_bytes), str(game)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port, process)
    return process, port


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _report(name: str, tally: Tally, seconds: float) -> float:
    rate = tally.actions / seconds
    p50, p99 = _percentile(tally.latencies, 0.5), _percentile(tally.latencies, 0.99)
    print(
        f"  {name:<28} {rate:>8,.0f} actions/s"
        f"   p50 {p50 * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms"
        f"   ({tally.actions:,} actions, {tally.games} games)"
    )
    if tally.stalled:
        print(f"  !! {tally.stalled} game(s) given up: an update did not arrive within {STALL:g} s")
    return rate


CLIENT = psutil.Process()
"""This process: the bench's clients, for both servers (it must not be what limits them)."""


def _cpu(process: psutil.Process) -> float:
    return float(sum(process.cpu_times()[:2]))


def _busy() -> float:
    """CPU seconds the whole machine has spent on anything but idling."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def _report_cpu(
    tally: Tally, elapsed: float, cpu: float, client: float, name: str, redis: float = 0.0
) -> None:
    actions = max(1, tally.actions)
    redis_part = f"; Redis {redis / actions * 1e6:.0f} µs ({redis / elapsed:.2f} cores)"
    print(
        f"  {name} CPU per action {cpu / actions * 1e6:8.0f} µs ({cpu / elapsed:.2f} cores,"
        f" room creation and joins included){redis_part if redis else ''}; the clients"
        f" {client / actions * 1e6:.0f} µs ({client / elapsed:.2f} cores)"
    )


async def _idle_connections(url: str, count: int) -> list[Any]:
    sockets = []
    for _ in range(count):
        ws = await websockets.connect(url)
        await _request(ws, json.loads(HELLO), "welcome")
        sockets.append(ws)
    return sockets


async def _memory(url: str, process: psutil.Process) -> tuple[float, float]:
    """Return (bytes per idle connection, bytes per room) measured on the server's RSS."""
    await asyncio.sleep(0.5)
    before = process.memory_info().rss
    sockets = await _idle_connections(url, IDLE)
    await asyncio.sleep(0.5)
    per_connection = (process.memory_info().rss - before) / IDLE
    before = process.memory_info().rss
    for index in range(ROOMS):  # one room per socket: the rate limit allows bursts of 60
        await _request(
            sockets[index],
            {"type": "create_room", "scenario": SCENARIO, "timers": False, "id": f"r{index}"},
            "room_created",
        )
    await asyncio.sleep(0.5)
    per_room = (process.memory_info().rss - before) / ROOMS
    for ws in sockets:
        await ws.close()
    return per_connection, per_room


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack(Path(folder), args.processes, args.cluster)
        spread: Spread = itertools.cycle(stack.urls)
        servers, nodes = stack.server_processes(), stack.redis_processes()
        try:
            print(
                f"{stack.describe()}, {args.rooms} rooms x 2 clients,"
                f" {SCENARIO}, {os.cpu_count()} cores"
            )
            await _drive(spread, 4, 1.0)  # warm up: imports, scripts loaded
            # Memory first, on a process that has not yet grown under load: afterwards the
            # allocator hands new connections memory freed by the load and the RSS does not move.
            per_connection, per_room = await _memory(stack.urls[0], servers[0])
            cpu_before, mine = sum(map(_cpu, servers)), _cpu(CLIENT)
            redis_before, machine = sum(map(_cpu, nodes)), _busy()
            started = time.monotonic()
            tally = await _drive(spread, args.rooms, args.seconds)
            elapsed = time.monotonic() - started
            cpu, client = sum(map(_cpu, servers)) - cpu_before, _cpu(CLIENT) - mine
            redis = sum(map(_cpu, nodes)) - redis_before
            other = _busy() - machine - cpu - redis - client
            peak = _report("server, full load", tally, elapsed)
            _report_cpu(tally, elapsed, cpu, client, "server", redis)
            print(f"  anything else on the machine meanwhile: {other / elapsed:.2f} cores")
            print(f"  rooms with their seats on two processes: {tally.spanning} of {tally.rooms}")
            half = await _drive(
                spread, args.rooms, args.seconds / 2, pace=args.rooms / max(1.0, peak / 2)
            )
            _report("server, ~half the peak rate", half, args.seconds / 2)
            per_action, calls = await _round_trips_per_action(spread, stack.node_urls)
            print(f"  Redis commands per action   {per_action:8.2f}   {calls}")
            print(f"  memory per idle connection  {per_connection / 1024:8.1f} KiB")
            print(f"  memory per room             {per_room / 1024:8.1f} KiB")
        finally:
            stack.stop()
    update_bytes = tally.update_bytes // max(1, tally.updates)
    game = round(tally.actions / max(1, tally.games))
    baseline, port = _start_baseline(update_bytes, game)
    try:
        print(
            "bare aiohttp websocket relay (same messages, no rules, no Redis;"
            f" updates padded to the server's {update_bytes:,} bytes, {game} actions a game)"
        )
        relay_url = itertools.repeat(f"ws://127.0.0.1:{port}/ws")
        await _drive(relay_url, 4, 1.0)
        relay, mine = psutil.Process(baseline.pid), _cpu(CLIENT)
        before, started = _cpu(relay), time.monotonic()
        tally = await _drive(relay_url, args.rooms, args.seconds)
        elapsed = time.monotonic() - started
        cpu, client = _cpu(relay) - before, _cpu(CLIENT) - mine
        bare = _report("baseline, full load", tally, elapsed)
        _report_cpu(tally, elapsed, cpu, client, "relay")
    finally:
        baseline.terminate()
        baseline.wait(10)
    print(f"server ({args.processes} process(es)) / baseline (one process): {peak / bare:.2f}")
    if tally.latencies:
        print(f"(baseline mean latency {statistics.mean(tally.latencies) * 1000:.2f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Server benchmark (prints numbers).")
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=1, help="brink serve processes")
    parser.add_argument("--cluster", action="store_true", help="a three-node Redis Cluster")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
