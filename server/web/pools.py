"""One worker process for slow work off the event loop (evaluation graphs: server/web/games.py;
imported records: server/web/imports.py), started on first use and again after it died."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")

ORPHAN_CHECK_S = 1.0
"""How often a worker process looks whether the server that started it is still there."""


def _end_with(parent: int) -> None:
    """In the worker: end it once `parent` (the server process) is gone. A server killed
    (`kill -9`, out of memory) cannot stop its worker, which waited for work for ever, with
    multiprocessing's resource tracker beside it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


class OneWorker:
    """A pool of one worker process (spawned: a clean interpreter, no copy of the server's
    event loop). A worker that died (killed, out of memory) breaks its pool for good
    (`BrokenProcessPool` for every later call): the broken pool is dropped and the next call
    starts a new one."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.stops = 0
        """Times stopped: work that failed because the server stopped its worker is not
        tried again in a new one (it would outlive the server)."""
        self.under_way = 0
        """Calls handed to the worker and not yet answered."""

    def started(self) -> ProcessPoolExecutor:
        """Return the pool, started now if there is none."""
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=get_context("spawn"),
                initializer=_end_with,
                initargs=(os.getpid(),),
            )
        return self.pool

    async def run(self, work: Callable[..., T], *args: object, again: bool = False) -> T:
        """Return `work(*args)` as worked out in the worker; `again`: once more, in a new
        worker, if the worker died meanwhile. Raises `BrokenProcessPool` when it died (each
        time); the pool is then dropped, and the next call starts a new one."""
        loop = asyncio.get_running_loop()
        pool, stops = self.started(), self.stops
        self.under_way += 1
        try:
            return await loop.run_in_executor(pool, work, *args)
        except BrokenProcessPool:
            self._drop(pool)
            if not again or self.stops != stops:
                raise
        finally:
            self.under_way -= 1
        return await self.run(work, *args)

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        """Forget `pool` if it is still the one in use: calls that failed with it together
        must not drop the new pool a call started meanwhile."""
        if self.pool is pool:
            self.pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    async def stop(self) -> None:
        """Stop the worker: work under way is abandoned (the worker is ended, not waited for),
        and the pool is shut down before the server's exit. Left to shut down by itself
        (`wait=False`), its manager thread raced Python's exit, which printed an `OSError: Bad
        file descriptor` traceback after a Ctrl+C now and then."""
        pool, self.pool = self.pool, None
        self.stops += 1
        if pool is None:
            return
        for process in list((pool._processes or {}).values()):  # 3.14: terminate_workers()
            process.terminate()
        await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
