"""A three-node Redis Cluster on loopback for tests (Debian's redis-server; .ci/run installs it).

Each node is a redis-server started with cluster mode on; the slots are split in three with
CLUSTER ADDSLOTSRANGE and the nodes introduced with CLUSTER MEET (no redis-cli needed)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from rediskit import kill, redis_on_free_port

from server.storage.redis_embedded import free_port

SLOTS = 16384


def cluster_binary() -> str:
    """Return Debian's redis-server (7.0 or newer: ADDSLOTSRANGE), or skip — but never in CI."""
    found = shutil.which("redis-server") or "/usr/bin/redis-server"
    if Path(found).exists():
        return found
    if os.environ.get("CI") == "true":
        raise AssertionError("no redis-server on PATH: .ci/run installs Debian's redis-server")
    pytest.skip("no redis-server on PATH for the Redis Cluster test")


def cluster_port() -> int:
    """Return a free port whose cluster bus port (port + 10000) is free too."""
    for _ in range(200):
        port = free_port()
        if port + 10000 > 65535:
            continue
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port + 10000)) != 0:
                return port
    raise AssertionError("no free port pair for a cluster node")


def cluster_node(binary: str, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A redis-server in cluster mode, alone, its files and log in `folder`, on a free port pair
    (another if a test process took one meanwhile); it and its port once it answers."""

    def argv(port: int) -> list[str]:
        found = [binary, "--port", str(port), "--bind", "127.0.0.1"]
        found += ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"]
        found += ["--dir", str(folder), "--save", "", "--appendonly", "no"]
        return [*found, "--logfile", str(folder / "redis.log")]

    return redis_on_free_port(argv, folder / "redis.log", cluster_port)


class Cluster:
    """Three master nodes, no replicas, holding the 16384 slots between them."""

    def __init__(self, data_dir: Path, nodes: int = 3) -> None:
        self.binary = cluster_binary()
        self.ports: list[int] = []
        self.processes: list[subprocess.Popen[bytes]] = []
        try:
            for index in range(nodes):
                folder = data_dir / f"node{index}"
                folder.mkdir()
                process, port = cluster_node(self.binary, folder)
                self.processes.append(process)
                self.ports.append(port)
            self._form()
        except BaseException:
            self.close()
            raise
        self.url = f"redis://127.0.0.1:{self.ports[0]}/0"

    def _form(self) -> None:
        clients = [redis.Redis(port=port, decode_responses=True) for port in self.ports]
        share = SLOTS // len(clients)
        for index, client in enumerate(clients):
            last = SLOTS - 1 if index == len(clients) - 1 else (index + 1) * share - 1
            client.execute_command("CLUSTER ADDSLOTSRANGE", index * share, last)  # type: ignore[no-untyped-call]
        for client in clients[1:]:
            client.execute_command("CLUSTER MEET", "127.0.0.1", self.ports[0])  # type: ignore[no-untyped-call]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            infos = [str(client.execute_command("CLUSTER INFO")) for client in clients]  # type: ignore[no-untyped-call]
            if all("'cluster_state': 'ok'" in info for info in infos):
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"the cluster did not form: {infos}")
        for client in clients:
            client.close()

    def keys_by_node(self) -> list[list[str]]:
        """Return each node's keys."""
        found = []
        for port in self.ports:
            with redis.Redis(port=port, decode_responses=True) as client:
                found.append(sorted(str(key) for key in client.keys("*")))
        return found

    def close(self) -> None:
        for process in self.processes:
            kill(process)
