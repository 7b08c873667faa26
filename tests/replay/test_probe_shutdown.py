"""The evaluation graph's worker process is stopped with the server: after the app's cleanup no
thread of its pool is left running. Left to stop by itself, its manager thread raced Python's
exit, and a Ctrl+C on `brink serve` after a replay's evaluation printed an `OSError: Bad file
descriptor` traceback about one time in two (found replaying last week's games)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from concurrent.futures import process
from concurrent.futures.process import BrokenProcessPool

from aiohttp import web

from server.web import evaluation


def _pool_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, process._ExecutorManagerThread)]


async def test_the_evaluation_worker_is_gone_after_cleanup() -> None:
    app = web.Application()
    pool = evaluation.WORKER.started()
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(pool, abs, -3) == 3  # the worker and its thread run
    assert _pool_threads()
    await evaluation.stop_workers(app)
    assert _pool_threads() == [], "the pool's thread outlives the server's cleanup"
    assert evaluation.WORKER.pool is None


async def test_an_evaluation_under_way_does_not_hold_the_stop_up() -> None:
    app = web.Application()
    pool = evaluation.WORKER.started()
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(pool, abs, -3) == 3
    running = loop.run_in_executor(pool, time.sleep, 120)  # an evaluation far from done
    await evaluation.stop_workers(app)  # the worker is ended, not waited for
    assert _pool_threads() == []
    assert running.done()  # cancelled, or failed with the worker (BrokenProcessPool)
    assert running.cancelled() or running.exception() is not None


async def test_an_evaluation_stopped_with_the_server_is_not_tried_again() -> None:
    """Tried again in a new worker when its worker dies, but not when the server stops it:
    the new worker would outlive the server."""
    app = web.Application()
    running = asyncio.ensure_future(evaluation.WORKER.run(time.sleep, 120, again=True))
    while not evaluation.WORKER.pool or not evaluation.WORKER.pool._processes:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # the worker has taken it
    await evaluation.stop_workers(app)
    with contextlib.suppress(BrokenProcessPool, asyncio.CancelledError, TimeoutError):
        await asyncio.wait_for(running, 5)
    started_again = evaluation.WORKER.pool
    await evaluation.stop_workers(app)  # whatever was started, stopped before the assertions
    assert started_again is None, "a new worker was started after the stop"
    assert _pool_threads() == []
