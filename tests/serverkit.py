"""Starting real servers for tests: 127.0.0.1, a free port, the test Redis."""

from __future__ import annotations

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
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"ws://127.0.0.1:{port}/ws"


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
