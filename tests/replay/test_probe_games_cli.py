"""`brink games` as an instructor uses it on a week of games: several `--key`s list every game
they open (only the last one was read); a listing piped into `head` is not "cannot reach the
server (Broken pipe)"; the server bots are listed with the players; an import names the file
and its line when refused, and says so when the record's code could not be kept."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from recordkit import RULES, bot_game
from serverkit import start_server


def _brink(*args: str, stdout: int | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", "games", *args]
    out = subprocess.PIPE if stdout is None else stdout
    return subprocess.run(
        command, stdout=out, stderr=subprocess.PIPE, text=True, timeout=60, check=False
    )


def _record(path: Path, seed: int, code: str, bots: dict[str, str]) -> Path:
    header, rest = bot_game(RULES["intro"], seed)[0].split("\n", 1)
    path.write_text(json.dumps({**json.loads(header), "code": code, "bots": bots}) + "\n" + rest)
    return path


async def _imported(path: Path, url: str, *more: str) -> tuple[str, str, str]:
    done = await asyncio.to_thread(_brink, "import", str(path), "--url", url, *more)
    found = re.match(r"imported as (\w+); instructor key (\S+)", done.stdout)
    assert done.returncode == 0 and found, done.stderr
    return found[1], found[2], done.stderr


async def test_several_keys_list_every_game_they_open(redis_url: str, tmp_path: Path) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    try:
        first = _record(tmp_path / "a.jsonl", 3, "AAAA22", {})
        code_a, key_a, said = await _imported(first, url)
        assert code_a == "AAAA22" and said == ""
        second = _record(tmp_path / "b.jsonl", 4, "BBBB33", {"beijing": "hawk"})
        code_b, key_b, _ = await _imported(second, url)
        listed = await asyncio.to_thread(
            _brink, "list", "--url", url, "--key", key_a, "--key", key_b
        )
        assert listed.returncode == 0 and listed.stderr == "", listed.stderr
        *lines, count = listed.stdout.splitlines()
        assert count == "3 of 3 games", listed.stdout  # both rooms and the historical line
        assert {line.split()[0] for line in lines} == {code_a, code_b, "H2025"}
        assert "beijing hawk (server bot)" in next(
            line for line in lines if line.startswith(code_b)
        )
        wrong = await asyncio.to_thread(
            _brink, "list", "--url", url, "--key", key_a, "--key", "Wr0ngWr0ngWr0ngWr0ng"
        )
        assert wrong.returncode == 1 and wrong.stdout == ""
        assert wrong.stderr.startswith("brink games: key 2 opens none of the finished games")

        # the reader has gone (`| head -1` read its line): no complaint about the server
        read, write = os.pipe()
        os.close(read)
        try:
            gone = await asyncio.to_thread(
                _brink, "list", "--url", url, "--key", key_a, stdout=write
            )
        finally:
            os.close(write)
        assert gone.returncode == 0, gone.stderr
        assert "cannot reach" not in gone.stderr and "Traceback" not in gone.stderr, gone.stderr

        # the same record again (a copy: --again), and one whose code is no room code: told
        # where they are
        _, _, again = await _imported(first, url, "--again")
        assert "the record's code 'AAAA22' is taken on" in again, again
        odd = _record(tmp_path / "odd.jsonl", 5, "../odd", {})
        _, _, said = await _imported(odd, url)
        assert "the record's code '../odd' is not a room code" in said, said
        # a tampered record is refused naming the file and its line, not the server's "upload"
        lines = first.read_text().splitlines()
        del lines[9]
        first.write_text("\n".join(lines) + "\n")
        refused = await asyncio.to_thread(_brink, "import", str(first), "--url", url)
        assert refused.returncode == 1
        assert refused.stderr.startswith(f"brink games: {first}:10: entry 10 where entry 9")
        assert len(refused.stderr.strip().splitlines()) == 1
    finally:
        await runner.cleanup()
