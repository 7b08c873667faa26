"""A seat given up during the game shows in its replay (server/replay/holders.py, told.py): the
one who left is named among the seat's holders, before whoever took it next, and the replay's
log says who left, that the clock waited for the side, and that it went on. A tester replaying a
game as its instructor found only the seat's last holder, and no trace of the leave."""

from __future__ import annotations

import json
from typing import Any

from recordkit import RULES, bot_game, with_entries

from server.protocol import Entry
from server.replay.holders import seat_holders
from server.replay.record import header_for, read_record
from server.replay.show import lines
from server.replay.steps import moments
from server.replay.verify import verify

RULES_INTRO = RULES["intro"]


def _header(seats: dict[str, str]) -> Any:
    return header_for("ROOM", RULES_INTRO, [], seats, {})


def _left(n: int, seat: str, name: str) -> Entry:
    notice = {"type": "notice", "kind": "seat_left", "seat": seat, "name": name, "at": n}
    return Entry.model_validate({"n": n, "notice": notice, "at": n})


def test_a_player_who_left_is_named_before_whoever_took_the_seat() -> None:
    header = _header({"washington": "Cy", "beijing": "Bo"})
    holders = seat_holders(header, [_left(20, "washington", "Ada")], [])
    assert holders["washington"] == [{"name": "Ada"}, {"name": "Cy"}]
    assert holders["beijing"] == [{"name": "Bo"}]


def test_a_seat_left_empty_to_the_end_names_who_left_it() -> None:
    header = _header({"beijing": "Bo"})  # a seat given up is not among the header's seats
    holders = seat_holders(header, [_left(20, "washington", "Ada")], [])
    assert holders["washington"] == [{"name": "Ada"}]


def test_a_player_who_left_and_took_the_seat_again_is_named_once() -> None:
    header = _header({"washington": "Ada", "beijing": "Bo"})
    holders = seat_holders(header, [_left(20, "washington", "Ada")], [])
    assert holders["washington"] == [{"name": "Ada"}]


def test_brink_replay_tells_the_leave_and_the_clock_waiting() -> None:
    header, *entries = bot_game(RULES_INTRO, 3)[0].splitlines()
    head: dict[str, Any] = json.loads(header)
    head["seats"] = {"washington": "Cy", "beijing": "Bo"}
    at = next(i for i, line in enumerate(entries) if i and json.loads(line)["command"])
    said: list[dict[str, Any]] = [
        {"notice": {"type": "notice", "kind": "seat_left", "seat": "washington", "name": "Ada"}},
        {
            "notice": {
                "type": "notice",
                "kind": "paused",
                "reason": "no_seat",
                "seat": "washington",
                "left_ms": 50_000,
            }
        },
        {"notice": {"type": "notice", "kind": "resumed", "reason": "seat_taken"}},
    ]
    record = with_entries(head, entries, at, said, 1_700_000_000_003)
    for lang, words in {
        "en": [
            "Ada → Cy (Washington), Bo (Beijing)",
            "Ada (Washington) leaves the table: the seat is free.",
            "⏸ The clock waits: nobody sits for Washington.",
            "▶ Every side has a player again: the clock goes on.",
        ],
        "zh": ["Ada（華盛頓）離開牌桌", "計時暫停：華盛頓沒有人入座", "雙方都有玩家了"],
    }.items():
        told = "\n".join(lines(verify(read_record(record)), "spectator", None, lang))
        for said_so in words:
            assert said_so in told, (said_so, told[:2000])
    # a key moment of its own on the replay's timeline (not an instructor's control)
    kinds = [m["kind"] for m in moments(verify(read_record(record)), "spectator")]
    assert "left" in kinds and "control" not in kinds, kinds
