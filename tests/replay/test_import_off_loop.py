"""An imported record is read, verified and cleaned off the server's event loop (a worker
process, server/web/imports.py): a large one took the loop for as long as that work (about a
second for 16 MiB), and every room of the process waited. What the import answers is the
same: the code and a key, or the refusal with the record's line.

The server runs in this test's own process and loop: while the import is under way, a ticker
on that loop notes the longest it waited for its turn. It is compared with how long the work
itself takes here (done once beforehand, as the server would): done on the loop, the loop is
held for all of it; off the loop, for a small part of it at most."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest
from recordkit import RULES, bot_game

from client.rules import http_base
from server.protocol import ChatLine, Entry
from server.replay.imports import checked_import
from server.replay.record import RecordError

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


async def _import_watching_the_loop(url: str, record: bytes) -> tuple[int, dict[str, str], float]:
    """Import `record`; return the answer's status and body, and the longest the loop kept a
    ticker waiting meanwhile (s)."""
    longest = 0.0
    done = asyncio.Event()

    async def tick() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            longest, last = max(longest, now - last), now

    ticker = asyncio.create_task(tick())
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{http_base(url)}/api/games/import", data=record) as reply,
        ):
            answer = (reply.status, await reply.json())
    finally:
        done.set()
        await ticker
    return *answer, longest


async def test_a_large_import_does_not_hold_the_event_loop(server_url: str) -> None:
    url = server_url  # a server in this process, on this loop
    record = _long_record().encode()
    assert len(record) < 16 * 1024 * 1024
    started = time.perf_counter()
    checked_import(record)  # the work, timed here as a yardstick
    work = time.perf_counter() - started
    await _import_watching_the_loop(url, b"{}")  # the worker started (once, as in a server)

    status, body, longest = await _import_watching_the_loop(url, record)

    assert status == 200, body
    assert set(body) == {"code", "instructor_key"}
    assert longest < work / 3, f"the loop waited {longest:.3f} s; the work takes {work:.3f} s"


async def test_a_refused_large_import_is_refused_as_before_off_the_loop(server_url: str) -> None:
    url = server_url
    record = _long_record(cut=True).encode()
    with pytest.raises(RecordError) as refused:  # as the work says it, done here
        checked_import(record)
    status, body, _ = await _import_watching_the_loop(url, record)
    assert status == 400
    assert body == {"error": "bad_record", "message": str(refused.value)}
    n = len(record.splitlines())
    assert body["message"] == (
        f"upload:{n + 1}: the record ends after {n - 1} entries but its header promises {n} "
        "(truncated?)"
    )
