"""What bench/server.py measures: one Redis or a three-node Redis Cluster, and N `brink serve`
processes on it, each on a port of its own (the replicas that deploy/nginx.conf balances).

Every Redis is the same binary (the redis-server on PATH, which a cluster needs: 7.0 or newer
for CLUSTER ADDSLOTSRANGE; else the one `brink serve` embeds), without persistence. The cluster
is formed as tests/clusterkit.py forms it: three masters, no replicas, the slots split in three.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import cast

import psutil  # type: ignore[import-untyped]
from redis import Redis

from server import native
from server.storage.redis_embedded import (
    find_redis_server,
    free_port,
    redis_url,
    server_command,
    socket_path,
    socket_url,
)

SLOTS = 16384
UNLIMITED = "1000000"
SERVER_ENV = {
    # The bench is one address opening hundreds of sockets and rooms a minute: the per-address
    # and per-connection limits (docs/security.md) are for abuse, not for a load test.
    "BRINK_ROOMS_PER_ADDRESS": UNLIMITED,
    "BRINK_ROOMS_PER_CONNECTION": UNLIMITED,
    "BRINK_CONNECTIONS_PER_ADDRESS": UNLIMITED,
    "BRINK_RATE_PER_SECOND": UNLIMITED,
    "BRINK_RATE_BURST": UNLIMITED,
}


SERVER_PYTHON = os.environ.get("BRINK_BENCH_PYTHON") or sys.executable
"""The interpreter that runs `brink serve`: the bench's own, or BRINK_BENCH_PYTHON (another
venv's python, with the checkout installed and built in it), to compare interpreters with the
clients and the bare relay unchanged."""


def server_python() -> str:
    """The version of the interpreter that runs the servers (`3.11.7`)."""
    found = subprocess.run(
        [SERVER_PYTHON, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def redis_binary() -> str:
    return shutil.which("redis-server") or find_redis_server()


def wait_port(
    port: int, process: subprocess.Popen[bytes] | None = None, patience: float = 20
) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited ({process.returncode})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {port}")


def _node_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free too."""
    for _ in range(200):
        port = free_port()
        if port + 10000 <= 65535:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port + 10000)) != 0:
                    return port
    raise RuntimeError("no free port pair for a cluster node")


class Stack:
    """The Redis (or cluster) and the server processes; `stop` ends all of them."""

    def __init__(
        self,
        folder: Path,
        processes: int,
        cluster: bool,
        workers: int = 1,
        wrap: tuple[str, ...] = (),
        unix: bool = False,
    ) -> None:
        """`wrap`: a command the servers run under (valgrind, for bench/counted.py); `unix`:
        the servers reach the (single) Redis on its Unix socket, as `brink serve`'s embedded
        one, rather than on its port."""
        self.folder = folder
        self.wrap = wrap
        self.cluster = cluster
        self.workers = workers
        self.binary = redis_binary()
        self.version = (
            subprocess.run([self.binary, "--version"], capture_output=True, text=True, check=True)
            .stdout.split()[2]
            .removeprefix("v=")
        )
        self.redis: list[subprocess.Popen[bytes]] = []
        self.servers: list[subprocess.Popen[bytes]] = []
        self.node_urls: list[str] = []
        self.sockets: list[Path | None] = []
        try:
            for _ in range(3 if cluster else 1):
                self._start_node()
            if cluster:
                self._form()
            self.redis_url = self.node_urls[0]
            self.unix = unix and not cluster and self.sockets[0] is not None
            if self.unix:
                self.redis_url = socket_url(cast(Path, self.sockets[0]))
            self.urls = [self._start_server(index) for index in range(processes)]
        except BaseException:
            self.stop()
            raise

    def describe(self) -> str:
        kind = "a three-node Redis Cluster" if self.cluster else "one Redis"
        workers = f" of {self.workers} workers each" if self.workers > 1 else ""
        found = f"{len(self.servers)} brink serve process(es){workers} on {kind} ({self.version})"
        found += " over its Unix socket" if self.unix else ""
        return f"{found}, engine {engine()}, Python {server_python()}"

    @property
    def spans(self) -> bool:
        """Whether the bench can tell that a room's seats are on two processes."""
        return len(self.servers) > 1

    def server_processes(self) -> list[psutil.Process]:
        """The `brink serve` processes and their workers (call it once they have started)."""
        found = [psutil.Process(server.pid) for server in self.servers]
        return found + [child for server in found for child in server.children(recursive=True)]

    def redis_processes(self) -> list[psutil.Process]:
        return [psutil.Process(node.pid) for node in self.redis]

    def _start_node(self) -> None:
        port = _node_port() if self.cluster else free_port()
        folder = self.folder / f"redis-{port}"
        folder.mkdir()
        argv = server_command(self.binary, port, folder, persistent=False)
        self.sockets.append(socket_path(folder))
        if self.cluster:
            argv += ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"]
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
        self.redis.append(process)
        wait_port(port, process)
        self.node_urls.append(redis_url(port))

    def _form(self) -> None:
        clients = [Redis.from_url(url, decode_responses=True) for url in self.node_urls]
        share = SLOTS // len(clients)
        for index, client in enumerate(clients):
            last = SLOTS - 1 if index == len(clients) - 1 else (index + 1) * share - 1
            client.execute_command("CLUSTER ADDSLOTSRANGE", index * share, last)  # type: ignore[no-untyped-call]
        first = self.node_urls[0].rsplit(":", 1)[1].split("/")[0]
        for client in clients[1:]:
            client.execute_command("CLUSTER MEET", "127.0.0.1", first)  # type: ignore[no-untyped-call]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            infos = [client.execute_command("CLUSTER INFO") for client in clients]  # type: ignore[no-untyped-call]
            if all(info.get("cluster_state") == "ok" for info in infos):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"the cluster did not form: {infos}")
        for client in clients:
            client.close()

    def _start_server(self, index: int) -> str:
        port = free_port()
        command = [*self.wrap, SERVER_PYTHON, "-m", "server.cli", "serve", "--port", str(port)]
        command += ["--redis", self.redis_url, "--data-dir", str(self.folder / f"data-{index}")]
        if self.cluster:
            command.append("--redis-cluster")
        process = subprocess.Popen(
            command,
            env={**os.environ, **SERVER_ENV, "BRINK_WORKERS": str(self.workers)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.servers.append(process)
        wait_port(port, process, 900 if self.wrap else 20)
        return f"ws://127.0.0.1:{port}/ws"

    def stop(self) -> None:
        """Stop the servers (they say goodbye to Redis), then Redis."""
        for group in (self.servers, self.redis):
            for process in group:
                process.terminate()
            for process in group:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        process.wait(5)


def engine() -> str:
    """Which engine the servers the bench starts run: `compiled` (`brink build`, for their
    interpreter) or `pure`."""
    if os.environ.get(native.SWITCH, "1") == "0":
        return "pure"
    if sys.executable == SERVER_PYTHON:
        return "compiled" if native.built() is not None else "pure"
    asked = "from server import native; print(native.built() is not None)"
    found = subprocess.run([SERVER_PYTHON, "-c", asked], capture_output=True, text=True)
    return "compiled" if found.stdout.strip() == "True" else "pure"
