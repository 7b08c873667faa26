"""An imported record (POST /api/games/import) keeps what people wrote in it as the server keeps
live input: without control characters or bidirectional controls (a name reversed by U+202E read
as someone else's on the replay page). Cleaned on import, the record still verifies: the names,
chat and notices are not engine inputs, and a custom news text goes into its event as it came."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
from playwright.async_api import Browser, expect
from recordkit import RULES, bot_game, with_entries

UNSHOWN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What live input may not hold (a chat line keeps line breaks and tabs; tabs are not used here)."""


def crafted_record() -> str:
    """A finished bot game's record with bidi overrides and control characters in its title,
    its players' names, a chat line, a broadcast and an instructor's custom news."""
    header, *entries = bot_game(RULES["intro"], 3)[0].splitlines()
    head: dict[str, Any] = json.loads(header)
    head["title"] = {"en": "Supply\u202e chains\x07", "zh": "供應鏈\u2067"}
    head["seats"] = {"washington": "\u202eadA", "beijing": "Bo\x1b[31m\u200f"}
    # before the first command after the start's events: a rest point, where news may come
    at = next(i for i, line in enumerate(entries) if i and json.loads(line)["command"])
    news = "Ports \u202eclosed\x1b]0;x\x07"
    said: list[dict[str, Any]] = [
        {
            "chat": {
                "type": "chat_line",
                "seat": "beijing",
                "name": "\u202eoB",
                "text": "hi\x00\nthere\x9b",
            }
        },
        {
            "notice": {
                "type": "notice",
                "kind": "broadcast",
                "by": "Prof\u2066",
                "text": "listen\x1b[2J",
            }
        },
        {"command": {"seat": "instructor", "command": {"type": "inject_news", "text": news}}},
        {"event": {"type": "news_injected", "news": None, "text": news, "effects": []}},
    ]
    return with_entries(head, entries, at, said, 1_700_000_000_003)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


async def test_an_imported_record_shows_no_control_or_bidi_character(
    web_url: str, system_chromium: Browser, tmp_path: Path
) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{web_url}/api/games/import", data=crafted_record()) as reply:
            made = await reply.json()
            assert reply.status == 200, made
        code, key = made["code"], made["instructor_key"]
        auth = {"Authorization": f"Bearer {key}"}
        async with http.get(f"{web_url}/api/games/{code}", headers=auth) as reply:
            summary = await reply.json()
        assert summary["seats"] == {"washington": "adA", "beijing": "Bo[31m"}
        assert summary["title"] == {"en": "Supply chains", "zh": "供應鏈"}
        async with http.get(f"{web_url}/api/games/{code}/step?as=all", headers=auth) as reply:
            shown = await reply.json()
        chat = next(e["chat"] for e in shown["entries"] if e["chat"])
        assert (chat["name"], chat["text"]) == ("oB", "hi\nthere")  # the line break kept
        async with http.get(f"{web_url}/api/games/{code}/record", headers=auth) as reply:
            record = await reply.text()
    lines = [json.loads(line) for line in record.splitlines()]
    found = [s for line in lines for s in _strings(line) if UNSHOWN.search(s)]
    assert found == [], found
    notice = next(line["notice"] for line in lines[1:] if line.get("notice"))
    assert (notice["by"], notice["text"]) == ("Prof", "listen[2J")
    news = [line["event"]["text"] for line in lines[1:] if (line.get("event") or {}).get("text")]
    assert news == ["Ports closed]0;x"]
    # still a record that verifies, as the server keeps it
    path = tmp_path / f"{code}.jsonl"
    path.write_text(record)
    command = [sys.executable, "-m", "server.cli", "replay", str(path), "--verify"]
    done = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr

    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(web_url)
        kept = json.dumps([{"code": code, "key": key}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{web_url}/?game={code}&as=all&step={summary['entries']}")
        await expect(page.locator("#rp-log")).to_contain_text("there")
        await expect(page.locator("#replay")).to_contain_text("adA (Washington)")
        text = await page.locator("body").inner_text()
        assert [c for c in text if c not in "\n\t" and UNSHOWN.match(c)] == [], text
    finally:
        await context.close()
