"""Importing a record (POST /api/games/import) from a probe of replaying last week's games: a
record's own code names its file and its routes, so one that is not a room code gets a new one
(a `../` code wrote the file outside the server's games folder, and a code the routes refuse
left a game listed that nobody could open); bytes that are not a record's text are refused with
400 and the reason, never a 500; a header's times are times."""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from recordkit import RULES, bot_game
from serverkit import start_server

from client.rules import http_base
from server.replay.record import RecordError, read_record


def _with_header(record: str, **changes: Any) -> str:
    header, rest = record.split("\n", 1)
    return json.dumps({**json.loads(header), **changes}) + "\n" + rest


async def _import(http: aiohttp.ClientSession, base: str, body: bytes) -> tuple[int, Any]:
    async with http.post(f"{base}/api/games/import", data=body) as reply:
        return reply.status, await reply.json(content_type=None)


async def test_a_record_whose_code_is_not_a_room_code_gets_a_new_one(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    base = http_base(url)
    record = bot_game(RULES["intro"], 3)[0]
    try:
        async with aiohttp.ClientSession() as http:
            for own in ("../ESCAPED", "XSS001", "H2025"):  # a path; 0 and 1 are not code letters
                status, reply = await _import(http, base, _with_header(record, code=own).encode())
                assert status == 200, reply
                code = reply["code"]
                assert re.fullmatch(r"[A-Z2-9]{6}", code) and code != own, code
                key = {"Authorization": f"Bearer {reply['instructor_key']}"}
                async with http.get(f"{base}/api/games/{code}", headers=key) as opened:
                    assert opened.status == 200, own  # listed, and it opens
                    assert (await opened.json())["code"] == code
                assert (tmp_path / "games" / f"{code}.jsonl").is_file()
        assert not (tmp_path / "ESCAPED.jsonl").exists(), "written outside the games folder"
        assert sorted(p.name for p in tmp_path.glob("*.jsonl")) == []
    finally:
        await runner.cleanup()


async def test_what_is_not_a_record_is_refused_with_the_reason(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    base = http_base(url)
    record = bot_game(RULES["intro"], 3)[0]
    data = record.encode()
    cut = data.index("威".encode()) + 1  # inside a character of the rules' Chinese
    bodies = {
        "random bytes": random.Random(1).randbytes(3000),
        "a gzipped record": gzip.compress(data),
        "a record cut inside a character": data[:cut],
        "JSON nested too deeply": b"[" * 100_000 + b"]" * 100_000,
        "an absurd end": _with_header(record, ended=10**20).encode(),
        "a time before 1970": _with_header(record, started=-5).encode(),
    }
    try:
        async with aiohttp.ClientSession() as http:
            for what, body in bodies.items():
                status, reply = await _import(http, base, body)
                assert status == 400, (what, status, reply)
                assert reply["error"] == "bad_record", what
                message = reply["message"]
                assert message.startswith("upload:") and "\n" not in message, (what, message)
            # a byte-order mark (an editor saved the file) is not a reason to refuse it
            status, reply = await _import(http, base, b"\xef\xbb\xbf" + data)
            assert status == 200, reply
    finally:
        await runner.cleanup()


def test_a_header_time_out_of_range_is_refused_at_line_1() -> None:
    record = bot_game(RULES["intro"], 3)[0]
    for field, value in (("ended", 10**20), ("started", -1)):
        with pytest.raises(RecordError, match=f"^game.jsonl:1: bad header: {field}: "):
            read_record(_with_header(record, **{field: value}), "game.jsonl")
