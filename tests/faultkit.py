"""Parts for fault tests: a Redis the test can stop, kill and restart on the same port (AOF on),
and real `brink serve` processes the test can kill -9. Everything on loopback, free ports."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
import redis
from redis.asyncio import Redis
from rediskit import client_for, kill, redis_on_free_port, start_redis
from serverkit import logged_port, serve_command

from client.connection import BrinkClient
from server.engine.commands import Check, PassTalks
from server.protocol import Entry, Joined
from server.storage.redis_embedded import find_redis_server, redis_url
from server.storage.store import Store

ROOT = Path(__file__).resolve().parents[1]
Spawn = Callable[..., "ServerProcess"]
"""spawn(redis_url, **env) -> a `brink serve` process (stopped at the end of the test); with
`None` for the URL, on its embedded Redis."""
InProcess = Callable[..., Any]
"""start(redis_url, **settings) -> (runner, ws URL): a server in the test's own process."""


class OwnRedis:
    """A redis-server of the test's own, persistent (AOF, fsync always) in `data_dir`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = 0  # the port and URL are known once it has started
        self.url = ""
        self.started = False
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it; the first time on a free port (another one if that was taken meanwhile by
        another test process), after a stop or kill on the same port again."""
        if self.started:
            self.process = start_redis(self._argv(self.port), self.port)
            return
        self.process, self.port = redis_on_free_port(self._argv, self.data_dir / "redis.log")
        self.url = redis_url(self.port)
        self.started = True

    def _argv(self, port: int) -> list[str]:
        argv = [find_redis_server(), "--port", str(port), "--bind", "127.0.0.1"]
        argv += ["--dir", str(self.data_dir), "--appendonly", "yes", "--appendfsync", "always"]
        argv += ["--save", "", "--logfile", str(self.data_dir / "redis.log")]
        return argv

    def stop(self) -> None:
        """A clean stop (SHUTDOWN): the AOF is complete."""
        if self.process is None:
            return
        with contextlib.suppress(redis.RedisError), client_for(self.port) as client:
            client.shutdown()
        self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """kill -9: only what the AOF had fsynced survives (every write, with fsync always)."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def close(self) -> None:
        if self.process is not None:
            kill(self.process)
            self.process = None


class ServerProcess:
    """One `brink serve` process on a free loopback port (on its embedded Redis if no URL)."""

    def __init__(self, redis_url: str | None, data_dir: Path, **env: str) -> None:
        command = serve_command("--data-dir", str(data_dir))
        if redis_url is not None:
            command += ["--redis", redis_url]
        environment = {**os.environ, "BRINK_TIMER_INTERVAL": "0.1", "BRINK_BOT_DELAY": "0"}
        environment["BRINK_WORKERS"] = "1"  # one process each: what the fault tests kill
        self.log = (data_dir / "serve.log").open("xb")  # one process a folder (`spawn`)
        self.process = subprocess.Popen(
            command, env={**environment, **env}, cwd=ROOT, stdout=self.log, stderr=self.log
        )
        self.port = logged_port(Path(self.log.name), self.process)  # the one it bound
        self.url = f"ws://127.0.0.1:{self.port}/ws"

    def workers(self) -> list[psutil.Process]:
        """Its `--workers` processes now: a worker killed and not yet reaped (a zombie, whose
        command line can no longer be read) or gone meanwhile is none of them."""
        return [
            child
            for child in psutil.Process(self.process.pid).children()
            if "server.web.worker" in _command_line(child)
        ]

    async def logged(self, text: str, seconds: float = 60) -> None:
        """Wait until its log (its standard output and error) holds `text`."""
        log = Path(self.log.name)
        async with asyncio.timeout(seconds):
            while text not in log.read_text(errors="replace"):
                assert self.process.poll() is None, f"brink serve exited: {log.read_text()}"
                await asyncio.sleep(0.1)

    def kill(self) -> None:
        """kill -9: no goodbye to anyone."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


async def step(clients: dict[str, BrinkClient], timeout: float = 10) -> bool:
    """Make the next move of a game played by checking and passing (whoever is waited for);
    wait until every client has seen it. Return False once the game is over."""
    first = next(iter(clients.values()))
    view = first.view
    if view["outcome"]:
        return False
    if view["to_act"]:
        await clients[view["to_act"]].act(Check())
    elif view["phase_kind"] == "talks":
        side = next(s for s in clients if s not in view["passed"])
        await clients[side].act(PassTalks())
    else:
        raise AssertionError(f"nobody to move in {view['phase_kind']}")
    for client in clients.values():
        await client.wait_for(lambda v, seq=view["seq"]: v["seq"] > seq, timeout=timeout)
    return True


async def committed(redis_url: str, code: str) -> list[Entry]:
    """Return the room's whole log as Redis holds it."""
    client = Redis.from_url(redis_url, decode_responses=True)
    try:
        raw = await Store(client).entries_since(code, 0)
    finally:
        await client.aclose()
    return [Entry.model_validate_json(text) for text in raw]


async def across(beijing: BrinkClient, first: str) -> tuple[str, BrinkClient, Joined]:
    """An intro room made by `beijing` (connected to one process), seated as Beijing, and Ada
    seated as Washington on the process at `first`: the room's code, Ada's client (connected:
    the test closes it) and her `joined`."""
    room = await beijing.create_room("intro", timers=False)
    await beijing.join(room.code, "beijing")
    ada = BrinkClient(first, "Ada")
    await ada.connect()
    return room.code, ada, await ada.join(room.code, "washington")


async def rooms_in(redis: Redis) -> set[str]:
    """The rooms Redis holds: their meta's keys (`brink:room:{CODE}`), not their logs,
    snapshots or presence."""
    found = set()
    async for key in redis.scan_iter(match="brink:room:{*}", count=1000):
        name = key.decode() if isinstance(key, bytes) else key
        if name.endswith("}"):
            found.add(name)
    return found


def _command_line(process: psutil.Process) -> str:
    """The process's command line; empty for one that is a zombie or gone."""
    try:
        return " ".join(process.cmdline())
    except (psutil.ZombieProcess, psutil.NoSuchProcess):
        return ""
