"""A rematch's record (docs/protocol/25-rematch.md, docs/replay.md): who made the first room may
open, export and re-import its rematch as they may the first room — the first room's instructor
key opens both — and neither record holds a token or the key."""

from __future__ import annotations

import asyncio

import aiohttp
from rematchkit import both_play_out, hears

from client.connection import BrinkClient
from client.rules import http_base
from server.replay.record import read_record
from server.replay.verify import verify


async def _record(base: str, code: str, key: str) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {key}"}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{base}/api/games/{code}/record", headers=headers) as reply,
    ):
        return reply.status, await reply.text()


async def test_the_first_rooms_key_exports_its_rematch_and_both_records_verify(
    server_url: str,
) -> None:
    base = http_base(server_url)
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        secrets = [ada.token, bo.token, room.instructor_key]
        await both_play_out(ada, bo)
        await ada.rematch()
        await hears(bo, "rematch_offered")
        await bo.rematch()
        await asyncio.gather(ada.join_rematch(), bo.join_rematch())
        secrets += [ada.token, bo.token]
        rematch = ada.code or ""
        await both_play_out(ada, bo)
        async with BrinkClient(server_url, "Teacher") as teacher:
            watching = await teacher.join(rematch, instructor_key=room.instructor_key)
            assert watching.role == "instructor"

    records = []
    for code in (room.code, rematch):
        status, text = await _record(base, code, room.instructor_key)
        assert status == 200, (code, text)
        assert verify(read_record(text, code)).record.header.code == code
        assert not [secret for secret in secrets if secret and secret in text]
        records.append(text)
    async with aiohttp.ClientSession() as http:
        for text in records:
            async with http.post(f"{base}/api/games/import", data=text.encode()) as imported:
                assert imported.status == 200, await imported.text()
