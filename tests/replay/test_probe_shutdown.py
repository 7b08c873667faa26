"""The evaluation graph's worker process is stopped with the server: after the app's cleanup no
thread of its pool is left running. Left to stop by itself, its manager thread raced Python's
exit, and a Ctrl+C on `brink serve` after a replay's evaluation printed an `OSError: Bad file
descriptor` traceback about one time in two (found replaying last week's games)."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import process

from aiohttp import web

from server.web import games


def _pool_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, process._ExecutorManagerThread)]


async def test_the_evaluation_worker_is_gone_after_cleanup() -> None:
    app = web.Application()
    pool = games.WORKER.started()
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(pool, abs, -3) == 3  # the worker and its thread run
    assert _pool_threads()
    await games.stop_workers(app)
    assert _pool_threads() == [], "the pool's thread outlives the server's cleanup"
    assert games.WORKER.pool is None


async def test_an_evaluation_under_way_does_not_hold_the_stop_up() -> None:
    app = web.Application()
    pool = games.WORKER.started()
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(pool, abs, -3) == 3
    running = loop.run_in_executor(pool, time.sleep, 120)  # an evaluation far from done
    await games.stop_workers(app)  # the worker is ended, not waited for
    assert _pool_threads() == []
    assert running.done()  # cancelled, or failed with the worker (BrokenProcessPool)
    assert running.cancelled() or running.exception() is not None
