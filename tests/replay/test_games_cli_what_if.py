"""`brink games list` says which game and step a "what if" continues, as the Past games page
does ("A “what if” continuing CODE at step N"): its line named the players only, like any game's.
A finished game imported, continued by two server bots to the end, on a real server and Redis."""

from __future__ import annotations

import asyncio
from pathlib import Path

from replay.test_probe_games_cli import _brink, _imported, _record
from replaykit import keyed_json
from serverkit import start_server

from client.rules import http_base


async def test_a_what_if_says_what_it_continues(redis_url: str, tmp_path: Path) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    try:
        code, key, _ = await _imported(_record(tmp_path / "a.jsonl", 3, "AAAA22", {}), url)
        base = http_base(url)
        bots = {"washington": "hawk", "beijing": "dove"}
        fork = f"{base}/api/games/{code}/fork"
        made = await keyed_json("POST", fork, key, {"step": 30, "bots": bots})
        for _ in range(600):  # the bots play it to the end
            room = await keyed_json("GET", f"{base}/api/rooms/{made['code']}", key)
            if room["finished"]:
                break
            await asyncio.sleep(0.05)
        listed = await asyncio.to_thread(
            _brink, "list", "--url", url, "--key", made["instructor_key"]
        )
        assert listed.returncode == 0, listed.stderr
        line = next(line for line in listed.stdout.splitlines() if line.startswith(made["code"]))
        assert line.endswith(f"  what if: continues {code} from step {made['step']}"), line
        plain = next(line for line in listed.stdout.splitlines() if line.startswith("H2025"))
        assert "what if" not in plain
    finally:
        await runner.cleanup()
