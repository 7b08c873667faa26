"""A game's players were told in the order they took their seats: a fork where Beijing's student
sat down first began `brink replay` with "小紅 (Beijing), 小明 (Washington)", and a side's bot
came after every player ("Bo (Beijing), bot Hawk (aggressive) (Washington)"). Washington's
players come first, then Beijing's, each side's bot with its players."""

from __future__ import annotations

import json

from recordkit import RULES, bot_game

from server.replay.record import read_record
from server.replay.told import header_line


def _header(seats: dict[str, str], bots: dict[str, str]) -> str:
    header, *entries = bot_game(RULES["classroom"], 4)[0].splitlines()
    head = json.loads(header)
    head["seats"], head["bots"] = seats, bots
    return "\n".join([json.dumps(head), *entries]) + "\n"


def test_washington_is_told_first_whatever_the_order_seats_were_taken() -> None:
    record = read_record(_header({"beijing": "小紅", "washington": "小明"}, {}), "X")
    [line] = header_line(record.header, record.rules, "zh")
    assert "小明（華盛頓）、小紅（北京）" in line, line
    record = read_record(_header({"beijing": "Bo"}, {"washington": "hawk"}), "X")
    [line] = header_line(record.header, record.rules, "en")
    assert "bot Hawk (aggressive) (Washington), Bo (Beijing)" in line, line
