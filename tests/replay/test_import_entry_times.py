"""An imported record's entry times (`at`) are times, as its header's are: an entry committed at
10**30 ms was kept, listed and exported as it came (a browser reads a number past 2**53 wrong).
The import refuses it, naming the line and the field; a record made here still imports as it
was, its times unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest
from recordkit import RULES, bot_game
from serverkit import start_server

from client.rules import http_base
from server.replay.imports import checked_import
from server.replay.record import LAST_MS, RecordError, read_record


def _at(record: str, index: int, at: object) -> str:
    """The record with its `index`th entry's `at` replaced (the header is line 1)."""
    lines = record.splitlines()
    entry = json.loads(lines[index])
    entry["at"] = at
    lines[index] = json.dumps(entry)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("at", [10**30, 2**63, LAST_MS + 1, -1])
def test_an_entry_whose_time_is_no_time_is_refused_naming_its_line_and_field(at: int) -> None:
    record = bot_game(RULES["intro"], 3)[0]
    with pytest.raises(RecordError) as refused:
        checked_import(_at(record, 5, at).encode())
    said = str(refused.value)
    assert said.startswith('upload:6: entry 5\'s "at"'), said
    assert str(at) in said and "ms since 1970" in said


def test_a_record_made_here_imports_with_its_times_as_they_were() -> None:
    record = bot_game(RULES["intro"], 3)[0]
    edges = _at(_at(record, 2, 0), 3, LAST_MS)  # the first and last ms a time may be
    for text in (record, edges, _at(record, 4, None)):
        kept = read_record(checked_import(text.encode()).text)
        assert [e.at for e in kept.entries] == [e.at for e in read_record(text).entries]


async def test_the_import_route_answers_bad_record_with_the_line(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    body = _at(bot_game(RULES["intro"], 3)[0], 7, 10**30).encode()
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{http_base(url)}/api/games/import", data=body) as reply,
        ):
            assert reply.status == 400
            found = await reply.json()
    finally:
        await runner.cleanup()
    assert found["error"] == "bad_record"
    assert found["message"].startswith(
        'upload:8: entry 7\'s "at" is 1000000000000000000000000000000'
    )
