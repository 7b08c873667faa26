"""The fuzzing harness's parts: the server's ERROR log, a bare socket per sender, what became
of one frame (`Outcome`), a run's `Tally`, and the room under fire (`Table`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fuzz.frames import Frame
from websockets.asyncio.client import ClientConnection

from client.connection import BrinkClient

# ---------------------------------------------------------------- the server's log


class ErrorLog(logging.Handler):
    """Keeps every record at ERROR or above that the process logs (an unhandled exception in
    the server shows up here: aiohttp's `Error handling request`, `failed to handle ...`)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self, start: int = 0) -> list[str]:
        found = []
        for record in self.records[start:]:
            error = record.exc_info[1] if record.exc_info else None
            found.append(f"{record.name}: {record.getMessage()} {error!r}")
        return found

    @contextlib.contextmanager
    def installed(self) -> Any:
        root = logging.getLogger()
        root.addHandler(self)
        try:
            yield self
        finally:
            root.removeHandler(self)


# ---------------------------------------------------------------- the harness


class Socket:
    """A bare websocket for one sender."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.token: str | None = None  # the seat token of the last `joined`
        self.used = False  # joined or queued: no longer what its sender name says

    async def send(self, frame: Frame, text: str | bytes) -> None:
        if isinstance(text, bytes):
            await self.socket.send(text, text=frame.as_text)
        else:
            await self.socket.send(text)

    async def answer(self, timeout: float, resync: bool = False) -> dict[str, Any]:
        """Return the next message that answers a request: not a presence, nor an update
        pushed to the room (`id` null) — unless `resync` without an id was asked, whose reply
        is an update with no id and no entries."""
        async with asyncio.timeout(timeout):
            while True:
                message: dict[str, Any] = json.loads(await self.socket.recv())
                kind = message.get("type")
                if kind in ("presence", "resync_required"):
                    continue
                pushed = kind == "update" and message.get("id") is None
                if pushed and not (resync and message.get("entries") == []):
                    continue
                return message

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.socket.close()


@dataclass
class Outcome:
    """What became of one frame: the answer (a reply type or an error code), or `closed:N`,
    and what was wrong with it (empty: nothing)."""

    frame: Frame
    answer: str
    problems: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    dropped: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.crashes

    def report(self) -> str:
        shown = self.frame.payload[:300]
        return (
            f"{self.frame.family} from {self.frame.sender}: {shown!r} -> {self.answer}: "
            + "; ".join(self.problems + self.crashes)
        )


@dataclass
class Tally:
    """What a run sent and got, for the long run's report."""

    sent: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    families: Counter[str] = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.sent += 1
        self.answers[outcome.answer] += 1
        self.families[outcome.frame.family] += 1
        self.crashes += outcome.crashes
        if outcome.dropped:
            self.dropped.append(outcome.report())
        if outcome.problems:
            self.problems.append(outcome.report())


@dataclass
class Table:
    """The room under fire: two players (BrinkClients that only watch), a spectator, the
    raw sockets that hold its other places, and a room against a bot next to it."""

    code: str
    key: str
    tokens: dict[str, str]
    observers: list[BrinkClient]
    bot_code: str
    bot_key: str
    bot_token: str
