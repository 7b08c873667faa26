"""`brink replay --lang zh`: the record's first line and its chat lines use the Chinese
punctuation the narration does — a player's side in full-width brackets, the players separated
by 、, a team chat marked （隊內） and followed by ： (they were "Ada (華盛頓), Bo (北京)" and
"💬 Ada (team): …")."""

from __future__ import annotations

import json
from typing import Any

from recordkit import RULES, bot_game

from server.replay.record import read_record
from server.replay.show import lines
from server.replay.verify import verify


def _with_team_chat() -> str:
    header, *entries = bot_game(RULES["intro"], 3)[0].splitlines()
    head: dict[str, Any] = json.loads(header)
    head["seats"] = {"washington": "Ada", "beijing": "Bo"}
    head["bots"] = {}
    chat = {
        "type": "chat_line",
        "seat": "washington",
        "name": "Ada",
        "text": "hi",
        "team": "washington",
    }
    n = json.loads(entries[-1])["n"] + 1
    at = json.loads(entries[-1])["at"]
    entries.append(json.dumps({"n": n, "chat": chat, "at": at}))
    head["entries"] = len(entries)
    return "\n".join([json.dumps(head), *entries]) + "\n"


def test_the_chinese_header_and_team_chat_use_full_width_punctuation() -> None:
    verified = verify(read_record(_with_team_chat()))
    told = lines(verified, "washington", None, "zh")
    assert "Ada（華盛頓）、Bo（北京）" in told[0], told[0]
    chat = next(line for line in told if "💬" in line)
    assert chat.endswith("💬 Ada（隊內）：hi"), chat
    english = lines(verified, "washington", None, "en")
    assert "Ada (Washington), Bo (Beijing)" in english[0]
    assert next(line for line in english if "💬" in line).endswith("💬 Ada (team): hi")
