"""What bench/server.py measures besides the load's own tally: the servers', Redis's and the
machine's CPU and Redis's command counts (`Meter`, one `Reading` at a time), the top-level
commands the servers send per action (MONITOR during one game) and the memory per idle
connection and per room."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from typing import Any

import psutil  # type: ignore[import-untyped]
import websockets
from redis import Redis

from bench.load import SCENARIO, Spread, Tally, cpu, hello, play, request, seated

ROOMS = 100
"""Rooms created for the memory per room."""


async def round_trips_per_action(spread: Spread, nodes: list[str]) -> tuple[float, dict[str, int]]:
    """Play one game while MONITOR on every Redis node records what the servers send: return
    the top-level commands (round trips) per action, and their names (commands run inside a
    script are marked `lua` by MONITOR and not counted)."""
    tally = Tally()
    w, b, views = await seated(spread, tally)
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
    await play(w, b, views, tally, time.monotonic() + 60, 0.0)
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


def command_stats(nodes: list[str]) -> dict[str, int]:
    """Every command Redis has run so far, by name, summed over the nodes (INFO commandstats
    counts the commands a script runs as well as the EVALSHA that ran it)."""
    total: dict[str, int] = {}
    for node in nodes:
        with Redis.from_url(node) as client:
            for name, stats in client.info("commandstats").items():
                command = name.removeprefix("cmdstat_")
                total[command] = total.get(command, 0) + int(stats["calls"])
    return total


def reads_processed(nodes: list[str]) -> int:
    """The read events Redis has handled so far (INFO stats `total_reads_processed`), summed
    over the nodes: each is one wake-up reading what a client sent — a round trip as Redis
    pays for it, however many commands the client's write held."""
    total = 0
    for node in nodes:
        with Redis.from_url(node) as client:
            total += int(client.info("stats")["total_reads_processed"])
    return total


def busy() -> float:
    """CPU seconds the whole machine has spent on anything but idling."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


async def memory(url: str, servers: list[psutil.Process], idle: int) -> tuple[float, float]:
    """Return (bytes per idle connection, bytes per room) measured on the servers' RSS, with
    `idle` connections open (each said hello), opened 100 at a time."""

    def rss() -> int:
        return sum(int(process.memory_info().rss) for process in servers)

    async def greeted() -> Any:
        ws = await websockets.connect(url, open_timeout=60)
        await request(ws, hello(), "welcome")
        return ws

    await asyncio.sleep(0.5)
    before = rss()
    sockets: list[Any] = []
    while len(sockets) < idle:
        batch = min(100, idle - len(sockets))
        sockets += await asyncio.gather(*(greeted() for _ in range(batch)))
    await asyncio.sleep(0.5)
    per_connection = (rss() - before) / idle
    before = rss()
    for index in range(ROOMS):  # one room per socket: the rate limit allows bursts of 60
        create = {"type": "create_room", "scenario": SCENARIO, "timers": False, "id": f"r{index}"}
        await request(sockets[index], create, "room_created")
    await asyncio.sleep(0.5)
    per_room = (rss() - before) / ROOMS
    await asyncio.gather(*(ws.close() for ws in sockets))
    return per_connection, per_room


@dataclass
class Reading:
    """What the meter read at one moment (CPU seconds, commands run so far)."""

    at: float
    servers: float
    system: float
    redis: float
    machine: float
    commands: dict[str, int]
    reads: int
    writer: float = 0.0
    """The CPU seconds of the servers' records' writers (server/storage/archiver.py's children),
    inside `servers`."""


class Meter:
    """Reads the servers' and Redis's CPU, the machine's, and Redis's command counts."""

    def __init__(self, servers: list[psutil.Process], nodes: list[psutil.Process], urls: list[str]):
        self.servers, self.nodes, self.urls = servers, nodes, urls
        self.writers = [process for process in servers if _archiver(process)]

    def read(self) -> Reading:
        return Reading(
            time.monotonic(),
            sum(map(cpu, self.servers)),
            sum(float(process.cpu_times().system) for process in self.servers),
            sum(map(cpu, self.nodes)),
            busy(),
            command_stats(self.urls),
            reads_processed(self.urls),
            sum(map(cpu, self.writers)),
        )


def _archiver(process: psutil.Process) -> bool:
    try:
        return "server.storage.archiver" in process.cmdline()
    except psutil.Error:
        return False
