"""`brink games list`: a key or token that opens none of the games says so (one line, exit 1)
rather than listing the public games as if it had; the count is part of the listing (stdout);
a record imported there is marked `imported` at the end of its line."""

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
        assert lines[0].endswith("]  imported"), "the record imported is marked"
        assert not lines[1].endswith("imported"), "a game of this server's is not"
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
                assert (await reply.json())["matched"] == {
                    "key": False,
                    "keys": [],
                    "tokens": [False, False],
                }
            async with http.get(http_base(url) + "/api/games") as reply:
                assert (await reply.json())["matched"] == {"key": None, "keys": [], "tokens": []}
    finally:
        await runner.cleanup()


async def test_more_games_than_a_page_are_listed_by_page_or_all(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    base = http_base(url)
    try:
        record = bot_game(RULES["intro"], 5)[0]
        async with aiohttp.ClientSession() as http:
            for _ in range(24):  # each import of the record is a game of its own, made public
                async with http.post(f"{base}/api/games/import", data=record) as reply:
                    imported = await reply.json()
                    assert reply.status == 200, imported
                public = f"{base}/api/games/{imported['code']}/public"
                key = {"Authorization": f"Bearer {imported['instructor_key']}"}
                async with http.post(public, json={"public": True}, headers=key) as reply:
                    assert reply.status == 200
        # 25 with the historical line: the first page of 20 says there are more.
        first = await asyncio.to_thread(_brink, "list", "--url", url)
        assert first.returncode == 0 and first.stderr == "", first.stderr
        *lines, count = first.stdout.splitlines()
        assert len(lines) == 20
        assert count == (
            "20 of 25 games (page 1 of 2, newest first; --page 2 for the next, --all for every one)"
        )
        second = await asyncio.to_thread(_brink, "list", "--url", url, "--page", "2")
        assert second.returncode == 0 and second.stderr == "", second.stderr
        *more, count = second.stdout.splitlines()
        assert len(more) == 5 and count == "5 of 25 games (page 2 of 2, newest first)"
        every = await asyncio.to_thread(_brink, "list", "--url", url, "--all")
        assert every.returncode == 0 and every.stderr == "", every.stderr
        *listed, count = every.stdout.splitlines()
        assert count == "25 of 25 games"
        assert listed == lines + more
        assert len({line.split()[0] for line in listed}) == 25 and "H2025" in every.stdout
        # A page past the last: one line on stderr, exit 1; a page that is not one: exit 2.
        past = await asyncio.to_thread(_brink, "list", "--url", url, "--page", "3")
        assert past.returncode == 1 and past.stdout == ""
        assert past.stderr == "brink games: there is no page 3 (25 games: 2 pages of 20)\n"
        wrongs = (["--page", "0"], ["--page", "two"], ["--page", "2", "--all"], ["--key", ""])
        for args in (*wrongs, ["--token", " "]):
            wrong = await asyncio.to_thread(_brink, "list", "--url", url, *args)
            assert wrong.returncode == 2 and wrong.stdout == "", wrong.stdout
            assert len(wrong.stderr.strip().splitlines()) == 1, wrong.stderr
    finally:
        await runner.cleanup()
