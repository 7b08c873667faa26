"""A record's `forked_from.code` names the game it continues, and the web client makes a link and
a request of it (`/api/games/CODE`): `../../api/…` would reach another route. On import it must
be a game's code — a room's, or the historical line's — or the link is left out (as a record's
own code that is not a room code is replaced), and `brink games import` says so."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
from recordkit import RULES, bot_game
from serverkit import start_server

from client.rules import http_base

BAD = ["../../api/games/H2025", "../X", "LOIL", "abcd", "ABC", "ABCDEFGHJ", "AB\x1b]0;x\x07CD", ""]
GOOD = ["H2025", "ABCD23", "QX7K2M"]


def _forked(code: str, own: str = "FRKD22") -> str:
    header, rest = bot_game(RULES["intro"], 3)[0].split("\n", 1)
    fork = {"code": code, "step": 3}
    return json.dumps({**json.loads(header), "code": own, "forked_from": fork}) + "\n" + rest


async def _opened(http: aiohttp.ClientSession, base: str, reply: dict[str, Any]) -> Any:
    """The imported game's summary, and the header of its record as the server gives it back."""
    key = {"Authorization": f"Bearer {reply['instructor_key']}"}
    async with http.get(f"{base}/api/games/{reply['code']}", headers=key) as got:
        assert got.status == 200
        summary = await got.json()
    async with http.get(f"{base}/api/games/{reply['code']}/record", headers=key) as got:
        assert got.status == 200
        header = json.loads((await got.text()).split("\n", 1)[0])
    return summary["forked_from"], header["forked_from"]


async def test_a_fork_code_that_names_no_game_is_left_out_on_import(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    base = http_base(url)
    try:
        async with aiohttp.ClientSession() as http:
            for code in BAD + GOOD:
                async with http.post(f"{base}/api/games/import", data=_forked(code)) as got:
                    reply = await got.json()
                    assert got.status == 200, (code, reply)
                listed, kept = await _opened(http, base, reply)
                expected = {"code": code, "step": 3} if code in GOOD else None
                assert listed == expected and kept == expected, (code, listed, kept)
    finally:
        await runner.cleanup()


async def test_brink_games_import_says_the_link_is_left_out(redis_url: str, tmp_path: Path) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    try:
        for code, own, said in (
            ("../../api/games/H2025", "FRKA22", "brink games: the record continues '../../api/"),
            ("H2025", "FRKB22", ""),
        ):
            path = tmp_path / "forked.jsonl"
            path.write_text(_forked(code, own))
            command = [sys.executable, "-m", "server.cli", "games", "import", str(path)]
            done = await asyncio.to_thread(
                subprocess.run,
                [*command, "--url", url],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            assert done.stderr.startswith(said) and (said or done.stderr == ""), done.stderr
            if said:
                assert "which is not a game's code" in done.stderr, done.stderr
    finally:
        await runner.cleanup()
