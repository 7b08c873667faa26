"""`brink serve --workers N` as tests start it (tests/server/conftest.py's `serve` fixture):
real server processes on one port and one Redis, and clients spread over them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path

import psutil  # type: ignore[import-untyped]
from redis.asyncio import Redis
from serverkit import READY, serve_command

from client.connection import BrinkClient
from server.storage import keys


class Served:
    """A `brink serve --workers N` process, its port and its workers."""

    def __init__(
        self, data_dir: Path, workers: int, redis_url: str | None, env: dict[str, str]
    ) -> None:
        self.port = 0  # the one it binds (--port 0: no other test process can take it first)
        self.url = ""  # both known once it is `ready`
        command = serve_command("--workers", str(workers), "--data-dir", str(data_dir))
        if redis_url is not None:
            command += ["--redis", redis_url]
        env = {**os.environ, "BRINK_TIMER_INTERVAL": "0.1", "BRINK_BOT_DELAY": "0", **env}
        self.log = (data_dir / "serve.log").open("wb")
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=self.log)

    async def ready(self) -> str:
        """Return the line `brink serve` prints once every worker serves (its port and URL
        known from it)."""
        assert self.process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(self.process.stdout.readline), 60)
        if found := READY.search(line.decode()):
            self.port = int(found[1])
            self.url = f"ws://127.0.0.1:{self.port}/ws"
        return line.decode()

    def workers(self) -> list[psutil.Process]:
        children = psutil.Process(self.process.pid).children()
        return [child for child in children if "server.web.worker" in " ".join(child.cmdline())]

    def worker_of(self, client: BrinkClient) -> int:
        """Return the pid of the worker holding `client`'s socket."""
        assert client._socket is not None
        mine = client._socket.local_address[1]
        for worker in self.workers():
            for connection in worker.net_connections(kind="tcp"):
                if connection.raddr and connection.raddr.port == mine:
                    return int(worker.pid)
        raise AssertionError("no worker holds the socket")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(30)
        self.log.close()
        return code


Serve = Callable[..., Awaitable[Served]]


async def on_two_workers(served: Served, names: tuple[str, str]) -> tuple[BrinkClient, BrinkClient]:
    """Connect a client, then more until one lands on another worker than the first. Both stay
    on their workers (`follow_room` off: told `elsewhere`, a client would move to its room's)."""
    first = BrinkClient(served.url, names[0])
    first.follow_room = False
    await first.connect()
    for _ in range(60):
        other = BrinkClient(served.url, names[1])
        other.follow_room = False
        await other.connect()
        if served.worker_of(other) != served.worker_of(first):
            return first, other
        await other.close()
    raise AssertionError("every connection went to the same worker")


async def holders(redis_url: str, code: str) -> list[str]:
    """The origins of the processes that hold room `code` (its meta's `holders`)."""
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        return str(await redis.hget(keys.room(code), "holders") or "").split()
