"""Starting real servers for tests: 127.0.0.1, a free port, the test Redis; in the test's own
process, or as `brink serve` processes on a port they pick themselves."""

from __future__ import annotations

import asyncio
import errno
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp import web

import server.web.app
from server.live.loading import load_scenarios
from server.ruleset.model import Ruleset
from server.settings import Settings
from server.web.app import create_app

Start = Callable[..., Any]
_SCENARIOS: dict[Path, dict[str, Ruleset]] = {}


def _loaded_once(rules_dir: Path) -> dict[str, Ruleset]:
    """Check the rule files once per test session, not at every server start (0.75 s each)."""
    if rules_dir not in _SCENARIOS:
        _SCENARIOS[rules_dir] = load_scenarios(rules_dir)
    return _SCENARIOS[rules_dir]


server.web.app.load_scenarios = _loaded_once  # type: ignore[attr-defined]


async def start_server(
    redis_url: str, data_dir: Path, port: int = 0, **options: Any
) -> tuple[web.AppRunner, str]:
    """Start the app on 127.0.0.1 and a free port (or `port`: a server restarted where it
    was); return its runner and ws:// URL."""
    settings = Settings(
        redis_url=redis_url,
        port=port,
        data_dir=data_dir,
        bot_delay=options.pop("bot_delay", 0.0),
        timer_interval=options.pop("timer_interval", 0.05),
        **options,
    )
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    try:
        site = await _listening(runner, port)
    except BaseException:
        await runner.cleanup()
        raise
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"ws://127.0.0.1:{port}/ws"


async def _listening(runner: web.AppRunner, port: int) -> web.TCPSite:
    """`runner` listening on 127.0.0.1:`port`. On a port of its own choosing (0) at once; on
    the port a server stopped in this test had, once that is free: meanwhile another test
    process's connection may hold it as its own end (the system hands such ports out so)."""
    deadline = time.monotonic() + 10
    while True:
        site = web.TCPSite(runner, "127.0.0.1", port)
        try:
            await site.start()
            return site
        except OSError as error:
            await site.stop()
            if port == 0 or error.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                raise
        await asyncio.sleep(0.1)


@asynccontextmanager
async def running_server(
    redis_url: str, data_dir: Path, **options: Any
) -> AsyncIterator[tuple[web.AppRunner, str]]:
    """`start_server` for the length of a `with` block (the runner cleaned up after it), for a
    test that reaches into the server's app (its hub) while clients play."""
    runner, url = await start_server(redis_url, data_dir, **options)
    try:
        yield runner, url
    finally:
        await runner.cleanup()


READY = re.compile(r"Brinkmanship is ready: open https?://\S+:(\d+)/")
"""The line `brink serve` prints once it listens, and the port it names."""


def serve_command(*args: str) -> list[str]:
    """`brink serve` with `args` on a port the system picks as it binds (--port 0). A port
    chosen beforehand (`free_port`) could be taken by another test process before the server
    binds it; `ready_port` and `logged_port` read the one it bound."""
    return [sys.executable, "-m", "server.cli", "serve", "--port", "0", *args]


def ready_port(process: subprocess.Popen[Any], seconds: float = 60) -> tuple[int, str]:
    """Read `process`'s standard output (a pipe) until `brink serve` says it is ready; return
    the port it listens on and what it printed until then. Raise if it exits first."""
    assert process.stdout is not None
    pipe = process.stdout.fileno()  # read raw: what is left stays for `communicate`
    said = b""
    deadline = time.monotonic() + seconds  # a loaded machine: once over 15 s
    while (found := READY.search(said.decode(errors="replace"))) is None:
        left = deadline - time.monotonic()
        assert left > 0, f"brink serve not ready in {seconds:g} s: {said.decode()}"
        if select.select([pipe], [], [], left)[0]:
            chunk = os.read(pipe, 65536)
            assert chunk, f"brink serve exited ({process.wait()}): {said.decode()}"
            said += chunk
    return int(found[1]), said.decode(errors="replace")


def logged_port(log: Path, process: subprocess.Popen[Any], seconds: float = 60) -> int:
    """Wait until `brink serve` writing its output to `log` says it is ready; return the port
    it listens on. Raise if it exits first."""
    deadline = time.monotonic() + seconds
    while (found := READY.search(log.read_text(errors="replace"))) is None:
        assert process.poll() is None, f"brink serve exited: {log.read_text(errors='replace')}"
        assert time.monotonic() < deadline, f"brink serve not ready in {seconds:g} s"
        time.sleep(0.05)
    return int(found[1])
