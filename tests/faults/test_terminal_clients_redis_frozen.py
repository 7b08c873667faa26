"""`brink bot` and `brink play` while the server cannot reach its Redis (a real server on a Redis
of the test's own, paused for real with SIGSTOP; the clients are real `brink` processes). A tester
froze Redis for 14 s under two `brink bot`s: both died with a 45-line traceback ending in
`asyncio.exceptions.TimeoutError` (a request waited 10 s, the server waits 15 s for Redis), and
`brink play --bot random` started during a freeze died the same way in `play_bot`. A move the
server answered `unavailable` was "refused; playing safe", and the bot then waited for ever. Now,
as the web page does, they say it in one line and carry on: a request not answered within 10 s
is waited for on, and a move the server could not save is sent again, with the same `cid`, until
it is answered — applied once."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import NamedTuple

import pytest
from clientkit import brink
from faultkit import InProcess, OwnRedis

from client.connection import BrinkClient
from server.storage import connect as connecting

SLOW = "the server is slow to answer; waiting for it"
CANNOT = "the server cannot save moves right now; retrying"


class Running:
    """A `brink` process, its output (both streams) read as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.out = ""
        self.err = ""
        assert process.stdout is not None and process.stderr is not None
        self._readers = [
            asyncio.ensure_future(self._read(process.stdout, "out")),
            asyncio.ensure_future(self._read(process.stderr, "err")),
        ]

    @classmethod
    async def start(cls, *args: str) -> Running:
        return cls(await brink(*args))

    async def _read(self, stream: asyncio.StreamReader, name: str) -> None:
        while line := await stream.readline():
            setattr(self, name, getattr(self, name) + line.decode())

    @property
    def said(self) -> str:
        return self.out + self.err

    async def until(self, text: str, seconds: float = 60) -> None:
        async with asyncio.timeout(seconds):
            while text.lower() not in self.said.lower():
                assert self.process.returncode is None, f"ended before {text!r}:\n{self.said}"
                await asyncio.sleep(0.05)

    async def end(self, seconds: float = 120) -> int:
        async with asyncio.timeout(seconds):
            code = await self.process.wait()
            await asyncio.gather(*self._readers)
        return code

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()


class Table(NamedTuple):
    own: OwnRedis
    url: str
    code: str
    key: str


@asynccontextmanager
async def a_room(own_redis: OwnRedis, in_process: InProcess) -> AsyncIterator[Table]:
    """A room without timers on a server on the test's own Redis (let go again at the end,
    whatever happened)."""
    _, url = await in_process(own_redis.url)
    try:
        async with BrinkClient(url, "Ms Li") as host:
            made = await host.create_room("intro", timers=False)
        yield Table(own_redis, url, made.code, made.instructor_key)
    finally:
        freeze(own_redis, False)


def freeze(own: OwnRedis, stop: bool) -> None:
    assert own.process is not None
    own.process.send_signal(signal.SIGSTOP if stop else signal.SIGCONT)


async def bots(table: Table) -> list[Running]:
    where = ("bot", "--url", table.url, "--room", table.code, "--strategy", "random")
    return [
        await Running.start(*where, "--seat", seat, "--delay", "0.5")
        for seat in ("washington", "beijing")
    ]


async def played_once(table: Table) -> None:
    """Every command of the room's log is there once (a command sent again was recognised)."""
    async with BrinkClient(table.url, "Ms Li") as host:
        await host.join(table.code, instructor_key=table.key)
        cids = Counter(e.command.cid for e in host.entries if e.command is not None)
    assert cids and all(count == 1 for count in cids.values()), cids


async def frozen_while(table: Table, words: str) -> list[Running]:
    """Two bots play `table`'s room; freeze its Redis once both have moved, until one of them
    says `words`; let it go, and return the bots once each has played the game out (exit 0,
    no traceback)."""
    running = await bots(table)
    try:
        for bot in running:
            await bot.until("random plays")
        freeze(table.own, True)
        told = asyncio.ensure_future(running[0].until(words))
        other = asyncio.ensure_future(running[1].until(words))
        done, _ = await asyncio.wait({told, other}, return_when=asyncio.FIRST_COMPLETED)
        for waiting in (told, other):
            waiting.cancel()
        assert any(not w.cancelled() and w.exception() is None for w in done)
        freeze(table.own, False)
        for bot in running:
            assert await bot.end() == 0, bot.said
            assert "game over after" in bot.out and "Traceback" not in bot.said, bot.said
    finally:
        for bot in running:
            bot.kill()
    return running


async def test_bots_tell_a_move_the_server_cannot_save_and_send_it_again(
    own_redis: OwnRedis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the server gives up on Redis at once, and answers `unavailable` (not its 5 + 10 s)
    monkeypatch.setattr(connecting, "COMMAND_TIMEOUT", 1.0)
    monkeypatch.setattr(connecting, "WAIT", 0.5)
    async with a_room(own_redis, in_process) as table:
        for bot in await frozen_while(table, CANNOT):
            assert bot.said.lower().count(CANNOT) <= 1, bot.said  # once a move, not a try
        await played_once(table)


async def test_bots_wait_for_a_slow_answer_past_ten_seconds(
    own_redis: OwnRedis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the server waits for Redis for as long as the test keeps it frozen
    monkeypatch.setattr(connecting, "COMMAND_TIMEOUT", 300.0)
    async with a_room(own_redis, in_process) as table:
        await frozen_while(table, SLOW)
        await played_once(table)


async def test_play_started_during_a_freeze_waits_for_its_seat(
    own_redis: OwnRedis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connecting, "COMMAND_TIMEOUT", 300.0)
    _, url = await in_process(own_redis.url)
    async with BrinkClient(url, "Ada") as early:  # the server has read what it reads once
        await early.play_bot(bot="random", side="washington")
    freeze(own_redis, True)
    play = await Running.start("play", "--url", url, "--bot", "random", "--name", "Bo")
    try:
        await play.until(SLOW)
        freeze(own_redis, False)
        await play.until("You are Washington")
    finally:
        freeze(own_redis, False)
        play.kill()
    await play.end()
    assert "Traceback" not in play.said, play.said
