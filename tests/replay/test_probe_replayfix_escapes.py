"""A record made by hand travels between servers (`brink games export`/`import`) and may hold
terminal escape sequences — in its title, its code, a player's name, the game it continues, a
chat line, an instructor's broadcast. `brink replay` and `brink games list` print none of them
(a terminal acts on them: it sets its title, clears the screen, writes the clipboard; the
bidirectional overrides make a name read as someone else's): the visible rest is printed, each
header on its own line."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from recordkit import RULES, bot_game, with_entries
from serverkit import start_server

UNSHOWN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must not reach a terminal from a record: C0 and C1 controls (ESC, BEL, CSI…) but the
line break, DEL, and the bidirectional embeddings, overrides and isolates."""
OSC = "\x1b]0;PWNED\x07"  # sets the terminal's title
CLIP = "\x1b]52;c;cm0gLXJmIH4=\x07"  # writes the clipboard
WIPE = "\x1b[2J\x1b[H"  # clears the screen


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def crafted_record() -> str:
    """A finished game's record with escape sequences in what people and the header say."""
    header, *entries = bot_game(RULES["intro"], 3)[0].splitlines()
    head: dict[str, Any] = json.loads(header)
    head["code"] = f"EV{WIPE}IL"
    head["title"] = {"en": f"Crisis{OSC}\n at sea\u202e", "zh": f"危機{OSC}"}
    head["seats"] = {"washington": f"Mal{CLIP}\x1b[5mlory", "beijing": "Eve\x9b31m\u202eevE"}
    head["forked_from"] = {"code": f"AB{OSC}CD", "step": 3}
    said: list[dict[str, Any]] = [
        {
            "chat": {
                "type": "chat_line",
                "seat": "beijing",
                "name": f"Bo{OSC}b",
                "text": WIPE + "hi",
            }
        },
        {
            "notice": {
                "type": "notice",
                "kind": "broadcast",
                "by": "Ins\x1b[1mtructor",
                "text": f"listen{CLIP}\x07\x00",
            }
        },
    ]
    at = 4
    return with_entries(head, entries, at, said, 1)


def test_brink_replay_prints_no_escape_sequence_from_the_record(tmp_path: Path) -> None:
    path = tmp_path / "crafted.jsonl"
    path.write_text(crafted_record())
    for args in ([], ["--lang", "zh"], ["--as", "beijing"], ["--verify"]):
        done = _brink("replay", str(path), *args)
        assert done.returncode == 0, (args, done.stderr)
        found = UNSHOWN.search(done.stdout + done.stderr)
        assert found is None, (args, repr(found and found[0]), done.stdout[:400])
    told = _brink("replay", str(path)).stdout.splitlines()
    assert told[0].startswith("EV[2J[HIL · Crisis]0;PWNED at sea · Mal]52;c;"), told[0]
    # Bo said something from Beijing's seat before Eve held it: both are named, in order
    assert "lory (Washington), Bo]0;PWNEDb → Eve31mevE (Beijing)" in told[0], told[0]
    assert told[1] == "A “what if”: it continues AB]0;PWNEDCD from step 3", told[1]
    assert "    5  💬 Bo]0;PWNEDb: [2J[Hhi" in told, told[:8]
    assert "    6  📣 Ins[1mtructor: listen]52;c;cm0gLXJmIH4=" in told, told[:8]
    zh = _brink("replay", str(path), "--lang", "zh").stdout.splitlines()
    assert zh[1] == "「如果」的對局：從 AB]0;PWNEDCD 第 3 步接著下", zh[1]


async def test_brink_games_list_prints_no_escape_sequence_from_the_record(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    path = tmp_path / "crafted.jsonl"
    path.write_text(crafted_record())
    try:
        imported = await asyncio.to_thread(_brink, "games", "import", str(path), "--url", url)
        assert imported.returncode == 0, imported.stderr
        assert UNSHOWN.search(imported.stdout + imported.stderr) is None, imported.stderr
        key = imported.stdout.split("instructor key ")[1].strip()
        listed = await asyncio.to_thread(_brink, "games", "list", "--url", url, "--key", key)
        assert listed.returncode == 0, listed.stderr
        found = UNSHOWN.search(listed.stdout + listed.stderr)
        assert found is None, (repr(found and found[0]), listed.stdout)
        row = listed.stdout.splitlines()[0]
        # everyone who held each seat (Bo chatted from Beijing's before Eve held it)
        assert "washington Mal]52;c;cm0gLXJmIH4=[5mlory, beijing Bo]0;PWNEDb → Eve31mevE" in row
    finally:
        await runner.cleanup()
