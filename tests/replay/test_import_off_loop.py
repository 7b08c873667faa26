"""An imported record is read, verified and cleaned off the server's event loop (a worker
process, server/web/imports.py): a large one took the loop for as long as that work (about a
second for 16 MiB), and every room of the process waited. What the import answers is the
same: the code and a key, or the refusal with the record's line.

The server runs in this test's own process and loop. Its worker process is stopped while it
holds the record: the server must go on answering meanwhile (no clock is read)."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import signal

import aiohttp
import pytest
from recordkit import RULES, bot_game

from client.rules import http_base
from server.protocol import ChatLine, Entry
from server.replay.imports import checked_import
from server.replay.record import RecordError
from server.web.imports import CHECKER

CHAT = 30_000
"""Chat lines after the game: a record of about 6.5 MB (up to 16 MiB are imported an hour)."""


def _long_record(cut: bool = False) -> str:
    """A finished intro game followed by CHAT chat lines; `cut`: its last entry missing."""
    head, *entries = bot_game(RULES["intro"], 7)[0].splitlines()
    line = ChatLine(seat="washington", name="Ada", text="What do you hold? " * 3)
    for n in range(len(entries) + 1, len(entries) + CHAT + 1):
        entries.append(Entry(n=n, chat=line, at=1_700_000_000_000).model_dump_json())
    header = json.loads(head)
    header["entries"] = len(entries)
    return "\n".join([json.dumps(header), *entries[: -1 if cut else None]]) + "\n"


async def _import(url: str, record: bytes) -> tuple[int, dict[str, str]]:
    """Import `record`; return the answer's status and body."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{http_base(url)}/api/games/import", data=record) as reply,
    ):
        return reply.status, await reply.json()


async def test_a_large_import_does_not_hold_the_event_loop(server_url: str) -> None:
    """With the worker process stopped (SIGSTOP) while it has the record, the import waits
    and the server answers other requests meanwhile; let go, the import is answered. Done on
    the loop, the record would never have reached the worker, and nothing else is answered
    while the work goes on."""
    url = server_url  # a server in this process, on this loop
    record = _long_record().encode()
    assert len(record) < 16 * 1024 * 1024
    assert (await _import(url, b"{}"))[0] == 400  # the worker started (once, as in a server)
    workers = [child.pid for child in multiprocessing.active_children() if child.pid]
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGSTOP)
    try:
        importing = asyncio.create_task(_import(url, record))
        async with asyncio.timeout(30):
            while CHECKER.under_way == 0:  # the record read and handed to the worker
                await asyncio.sleep(0.01)
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"{http_base(url)}/healthz") as health,
            ):
                assert health.status == 200
        assert not importing.done()
    finally:
        for pid in workers:
            os.kill(pid, signal.SIGCONT)
    status, body = await importing
    assert status == 200, body
    assert set(body) == {"code", "instructor_key"}


async def test_a_refused_large_import_is_refused_as_before_off_the_loop(server_url: str) -> None:
    url = server_url
    record = _long_record(cut=True).encode()
    with pytest.raises(RecordError) as refused:  # as the work says it, done here
        checked_import(record)
    status, body = await _import(url, record)
    assert status == 400
    assert body == {"error": "bad_record", "message": str(refused.value)}
    n = len(record.splitlines())
    assert body["message"] == (
        f"upload:{n + 1}: the record ends after {n - 1} entries but its header promises {n} "
        "(truncated?)"
    )
