"""`brink games list`: a key or token that opens none of the games says so (one line, exit 1)
rather than listing the public games as if it had; the count is part of the listing (stdout)."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import aiohttp
from recordkit import RULES, bot_game
from serverkit import start_server

from client.rules import http_base


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", "games", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


async def test_a_key_or_token_that_opens_nothing_says_so(redis_url: str, tmp_path: Path) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    try:
        record = tmp_path / "game.jsonl"
        record.write_text(bot_game(RULES["intro"], 3)[0])
        imported = await asyncio.to_thread(_brink, "import", str(record), "--url", url)
        found = re.match(r"imported as (\w+); instructor key (\S+)", imported.stdout)
        assert found, imported.stderr
        code, key = found.groups()
        listed = await asyncio.to_thread(_brink, "list", "--url", url, "--key", key)
        assert listed.returncode == 0 and listed.stderr == "", listed.stderr
        lines = listed.stdout.splitlines()
        assert lines[0].startswith(code) and "H2025" in lines[1]
        assert lines[-1] == "2 of 2 games", "the count is what was asked for: stdout, last"
        wrong = "Wr0ngKeyWr0ngKeyWr0ngKey"
        for args, named in (
            (["--key", wrong], "the key opens"),
            (["--token", wrong], "token 1 opens"),
            (["--key", key, "--token", wrong, "--token", "x" * 20], "token 1 and token 2 open"),
        ):
            refused = await asyncio.to_thread(_brink, "list", "--url", url, *args)
            assert refused.returncode == 1 and refused.stdout == "", refused.stdout
            said = refused.stderr.strip().splitlines()
            assert len(said) == 1 and named in said[0] and "none of the" in said[0], said
        # What the server says (GET /api/games `matched`), which the command reads.
        headers = {"Authorization": f"Bearer {wrong}", "X-Brink-Tokens": f"{wrong},x"}
        async with aiohttp.ClientSession() as http:
            async with http.get(http_base(url) + "/api/games", headers=headers) as reply:
                assert (await reply.json())["matched"] == {"key": False, "tokens": [False, False]}
            async with http.get(http_base(url) + "/api/games") as reply:
                assert (await reply.json())["matched"] == {"key": None, "tokens": []}
    finally:
        await runner.cleanup()
