"""The worker process for slow work (evaluation graphs, imports: server/web/pools.py) ends when
the server process that started it is killed: it waited for work for ever, with
multiprocessing's resource tracker beside it, both left running after `kill -9`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil  # type: ignore[import-untyped]

SERVER = """
import asyncio, os, sys
from server.web.pools import OneWorker

async def main() -> None:
    worker = OneWorker()
    print(await worker.run(os.getpid), flush=True)  # the worker's pid
    await asyncio.sleep(600)

asyncio.run(main())
"""


def _gone(pid: int, patience: float) -> bool:
    """Whether process `pid` is gone (or a zombie) within `patience` seconds."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def test_the_worker_ends_when_the_server_that_started_it_is_killed() -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    try:
        assert server.stdout is not None
        worker = int(server.stdout.readline())
        children = {p.pid for p in psutil.Process(server.pid).children(recursive=True)}
        assert worker in children  # the tracker too, when multiprocessing started one
        assert psutil.Process(worker).is_running()
        os.kill(server.pid, signal.SIGKILL)
        server.wait(60)
        assert all(_gone(pid, 60) for pid in children), "left running after the server died"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(60)
