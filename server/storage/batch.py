"""Script calls sent to Redis together when they pile up (group commit).

Under load many rooms commit at once: each commit is still one script run on its own (atomic,
all or nothing, its own answer), but those that arrive while an exchange with Redis is under way
travel together in the next one, as one pipeline — one write, one read, one pass through
redis-py — instead of one exchange each. redis-py's cost per call (the connection pool, a task
per write, a timeout per read) is paid once per batch, and Redis reads them in one go. A call
that finds fewer than LANES exchanges under way goes at once, alone: at low load nothing waits.

A Redis Cluster gets each call on its own (its client routes a script by its keys).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError, NoScriptError

LANES = 2
"""Exchanges with Redis a process has under way at once before calls wait to go together. One
saves the most CPU under full load (bench: ~645 µs an action against ~690 with four), but a call
that waits for the exchange under way waits for its answer and a turn of the event loop more:
at half load 4.6% of commits took over 10 ms with one lane, 2.9% with two, 0.5% with four."""


def _lanes() -> int:
    """LANES, or BRINK_LANES (a whole number ≥ 1: to measure the trade between CPU and the
    tail; anything else is ignored)."""
    given = os.environ.get("BRINK_LANES", "")
    return int(given) if given.isdigit() and int(given) >= 1 else LANES


Call = tuple[AsyncScript, list[str], list[Any], "asyncio.Future[Any]"]


class Batcher:
    """Runs script calls: at once while fewer than `lanes` exchanges are under way, else with
    the next one."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        # BRINK_BATCH=0 sends every call on its own (to measure what batching gives).
        self.together = isinstance(redis, Redis) and os.environ.get("BRINK_BATCH") != "0"
        self._queued: list[Call] = []
        self.lanes = _lanes()
        self._busy = 0
        """Exchanges with Redis under way (at most `lanes`: calls arriving then wait for the
        next one)."""
        self._tasks: set[asyncio.Task[None]] = set()
        self.batches = 0
        self.calls = 0

    async def run(self, script: AsyncScript, keys: list[str], args: list[Any]) -> Any:
        """Return what `script` returns for `keys` and `args` (its errors raised here)."""
        if not self.together:
            return await script(keys=keys, args=args)
        if self._busy >= self.lanes:  # enough exchanges under way: go with the next one
            future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            self._queued.append((script, keys, args, future))
            return await future
        self._busy += 1
        self.batches += 1
        self.calls += 1
        try:
            return await script(keys=keys, args=args)
        finally:
            self._next()

    def _next(self) -> None:
        """The exchange under way is over: send what piled up meanwhile, or be idle."""
        # A caller that gave up waiting (cancelled) is not sent: its room's next commit finds
        # the log where it was.
        batch = [call for call in self._queued if not call[3].done()]
        self._queued = []
        if not batch:
            self._busy -= 1
            return
        task = asyncio.create_task(self._exchange(batch))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _exchange(self, batch: list[Call]) -> None:
        try:
            await self._answer(batch)
        finally:
            self._next()

    async def _answer(self, batch: list[Call]) -> None:
        self.batches += 1
        self.calls += len(batch)
        try:
            if len(batch) == 1:
                script, keys, args, _ = batch[0]
                results: list[Any] = [await script(keys=keys, args=args)]
            else:
                results = await self._pipelined(batch)
        except BaseException as error:  # handed to every caller, then re-raised
            # Cancelled (the process stopping): the callers hear Redis is away, not a cancel.
            told = error if isinstance(error, Exception) else ConnectionError("cancelled")
            for *_, future in batch:
                if not future.done():
                    future.set_exception(told)
            if not isinstance(error, Exception):
                raise
            return
        for (*_, future), result in zip(batch, results, strict=True):
            if future.done():  # its caller gave up waiting
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)

    async def _pipelined(self, batch: list[Call]) -> list[Any]:
        pipe = self.redis.pipeline(transaction=False)
        for script, keys, args, _ in batch:
            pipe.execute_command("EVALSHA", script.sha, len(keys), *keys, *args)
        results: list[Any] = await pipe.execute(raise_on_error=False)
        # Redis lost its scripts (it restarted): load them and run again what did not run.
        for i, result in enumerate(results):
            if isinstance(result, NoScriptError):
                script, keys, args, _ = batch[i]
                try:
                    results[i] = await script(keys=keys, args=args)
                except Exception as error:  # the caller gets it
                    results[i] = error
        return results


async def with_reads(
    redis: Redis, script: AsyncScript, keys: list[str], args: list[Any], *reads: tuple[Any, ...]
) -> list[Any]:
    """Run `script` and then the commands `reads` (each a command and its arguments: a read,
    or a write that may be repeated) in one exchange, a pipeline; return the script's
    answer, then each command's. A Redis Cluster (its client routes each on its own) gets them
    one after another, and so does the script again if Redis had lost it. The first error is
    raised."""

    async def one_by_one() -> list[Any]:
        found = [await script(keys=keys, args=args)]
        return found + [await redis.execute_command(*read) for read in reads]  # type: ignore[no-untyped-call]

    if not isinstance(redis, Redis):
        return await one_by_one()
    pipe = redis.pipeline(transaction=False)
    pipe.execute_command("EVALSHA", script.sha, len(keys), *keys, *args)
    for read in reads:
        pipe.execute_command(*read)
    results: list[Any] = await pipe.execute(raise_on_error=False)
    if isinstance(results[0], NoScriptError):  # the script did not run: all again, in order
        results = await one_by_one()
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results
