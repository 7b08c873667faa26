"""Everyone who held a seat, in order (server/replay/holders.py): a student moved out of her seat,
a seat given to someone else by the teacher, a bot standing in for a side and handing it back,
a bot still standing in at the end; a seat that changed hands with nothing in the log shows
only its last holder."""

from __future__ import annotations

import json
from typing import Any

from recordkit import RULES, bot_game, with_entries

from server.protocol import Entry
from server.replay.holders import seat_holders
from server.replay.record import header_for, read_record
from server.replay.show import lines
from server.replay.verify import verify

RULES_INTRO = RULES["intro"]


def _header(seats: dict[str, str], bots: dict[str, str] | None = None) -> Any:
    return header_for("ROOM", RULES_INTRO, [], seats, bots or {})


def _notice(
    n: int,
    kind: str,
    seat: str,
    name: str | None = None,
    previous: str | None = None,
    back: list[str] | None = None,
) -> Entry:
    notice: dict[str, object] = {"type": "notice", "kind": kind, "by": "ms_li", "seat": seat}
    notice |= {"name": name, "at": n}
    notice |= {"previous": previous} if previous else {}
    notice |= {"back": back} if back is not None else {}
    return Entry.model_validate({"n": n, "notice": notice, "at": n})


def _chat(n: int, seat: str, name: str) -> Entry:
    chat = {"type": "chat_line", "seat": seat, "name": name, "text": "hi"}
    return Entry.model_validate({"n": n, "chat": chat, "at": n})


def test_a_seat_held_once_names_its_one_holder() -> None:
    header = _header({"washington": "Ada", "beijing": "Bo"})
    assert seat_holders(header, [], []) == {
        "washington": [{"name": "Ada"}],
        "beijing": [{"name": "Bo"}],
    }


def test_a_student_moved_out_then_a_bot_then_the_teachers_choice_are_named_in_order() -> None:
    header = _header({"washington": "Cy", "beijing": "Bo"})
    held = [{"student": "s1", "name": "Ada", "room": "ROOM", "seat": "washington", "until": 12}]
    entries = [
        _chat(5, "washington", "Ada"),
        _notice(20, "bot_in", "washington", "hawk"),
        _notice(30, "bot_out", "washington"),
        _notice(31, "reassigned", "washington", "Cy"),
    ]
    holders = seat_holders(header, entries, held)
    assert holders["washington"] == [
        {"name": "Ada"},
        {"bot": "hawk"},
        {"name": "Cy"},
    ], "the unknown holder between Ada and the bot is not made up"
    assert holders["beijing"] == [{"name": "Bo"}]


def test_a_seat_given_to_someone_else_outside_a_class_names_who_held_it_before() -> None:
    """The `reassigned` notice says who held the seat: without a class's record or a chat
    line from her, Ada (who held it first) was not named at all."""
    header = _header({"washington": "Cy", "beijing": "Bo"})
    entries = [_notice(31, "reassigned", "washington", "Cy", previous="Ada")]
    assert seat_holders(header, entries, [])["washington"] == [{"name": "Ada"}, {"name": "Cy"}]
    older = [_notice(31, "reassigned", "washington", "Cy")]  # a log from before `previous`
    assert seat_holders(header, older, [])["washington"] == [{"name": "Cy"}]


def test_a_player_the_bot_stood_in_for_is_named_again_when_it_hands_back() -> None:
    header = _header({"washington": "Ada", "beijing": "Bo"})
    entries = [_notice(20, "bot_in", "beijing", "dove"), _notice(40, "bot_out", "beijing")]
    holders = seat_holders(header, entries, [])
    assert holders["beijing"] == [{"name": "Bo"}, {"bot": "dove"}, {"name": "Bo"}]


def test_a_bot_still_standing_in_at_the_end_is_named_last() -> None:
    header = _header({"washington": "Ada", "beijing": "Bo"}, {"beijing": "dove"})
    holders = seat_holders(header, [_notice(20, "bot_in", "beijing", "dove")], [])
    assert holders["beijing"] == [{"name": "Bo"}, {"bot": "dove"}]


def test_a_student_moved_out_and_back_is_named_where_she_came_back() -> None:
    header = _header({"washington": "Ada", "beijing": "Bo"})
    held = [
        {"name": "Ada", "room": "ROOM", "seat": "washington", "until": 10},
        {"name": "Cy", "room": "ROOM", "seat": "washington", "until": 25},
    ]
    holders = seat_holders(header, [], held)
    assert holders["washington"] == [{"name": "Ada"}, {"name": "Cy"}, {"name": "Ada"}]


def test_brink_replay_names_every_holder_in_its_first_line() -> None:
    header, *entries = bot_game(RULES_INTRO, 3)[0].splitlines()
    head: dict[str, Any] = json.loads(header)
    head["seats"] = {"washington": "Ada", "beijing": "Bo"}
    # before the first command after the start's events: where the game rests
    at = next(i for i, line in enumerate(entries) if i and json.loads(line)["command"])
    stand_in = {"type": "notice", "kind": "bot_in", "by": "ms_li", "seat": "beijing"}
    said: list[dict[str, Any]] = [
        {"notice": {**stand_in, "name": "dove"}},
        {"notice": {**stand_in, "kind": "bot_out"}},
    ]
    record = with_entries(head, entries, at, said, 1_700_000_000_003)
    first = lines(verify(read_record(record)), "spectator", None, "en")[0]
    assert "Ada (Washington), Bo → bot Dove (peaceful) → Bo (Beijing)" in first, first


TEAM = {
    "washington:president": "Pia",
    "beijing:leader": "Ada",
    "beijing:vice_premier": "Dee",
}


def test_only_the_team_player_who_came_back_is_named_again() -> None:
    """Both Beijing players left, a bot stood in, Dee alone came back: Ada's seat read "Ada →
    bot Planner → Ada" (the hand-back was read as every seat of the side playing again)."""
    header = _header(TEAM)
    entries = [
        _notice(20, "bot_in", "beijing", "planner"),
        _notice(40, "bot_out", "beijing", back=["beijing:vice_premier"]),
    ]
    holders = seat_holders(header, entries, [])
    assert holders["beijing:leader"] == [{"name": "Ada"}, {"bot": "planner"}]
    assert holders["beijing:vice_premier"] == [
        {"name": "Dee"},
        {"bot": "planner"},
        {"name": "Dee"},
    ]
    assert holders["washington:president"] == [{"name": "Pia"}]


def test_a_player_not_back_at_the_hand_back_is_named_again_once_seen_playing() -> None:
    """Handed back by the teacher with nobody there: nobody is named again until the log shows
    them (Ada's chat line); someone else who took her seat meanwhile is named."""
    header = _header(TEAM)
    entries = [
        _notice(20, "bot_in", "beijing", "planner"),
        _notice(40, "bot_out", "beijing", back=[]),
        _chat(50, "beijing:leader", "Ada"),
    ]
    holders = seat_holders(header, entries, [])
    assert holders["beijing:leader"] == [{"name": "Ada"}, {"bot": "planner"}, {"name": "Ada"}]
    assert holders["beijing:vice_premier"] == [{"name": "Dee"}, {"bot": "planner"}]
    moved = _header({**TEAM, "beijing:vice_premier": "Cy"})  # Dee said something first
    said = [_chat(10, "beijing:vice_premier", "Dee"), *entries]
    assert seat_holders(moved, said, [])["beijing:vice_premier"] == [
        {"name": "Dee"},
        {"bot": "planner"},
        {"name": "Cy"},
    ]


def test_a_hand_back_in_an_older_log_names_every_player_of_the_side_again() -> None:
    """A log from before `back`: every seat of the side is read as played again, as it was."""
    header = _header(TEAM)
    entries = [_notice(20, "bot_in", "beijing", "planner"), _notice(40, "bot_out", "beijing")]
    holders = seat_holders(header, entries, [])
    for seat in ("beijing:leader", "beijing:vice_premier"):
        name = TEAM[seat]
        assert holders[seat] == [{"name": name}, {"bot": "planner"}, {"name": name}]


def _command(n: int, seat: str) -> Entry:
    command = {"seat": seat, "command": {"type": "check"}, "cid": None}
    return Entry.model_validate({"n": n, "command": command, "at": n})


def test_a_player_back_after_the_side_was_handed_back_is_named_once_seen_moving() -> None:
    """The teacher handed Beijing back with nobody there (`back` empty); Bo came back later and
    played on, saying nothing: his seat read "Bo → bot Dove", as if the bot had been the last
    to play it. His move is in the log (its command's seat): he is named again from it."""
    header = _header({"washington": "Ada", "beijing": "Bo"})
    handed = [
        _notice(20, "bot_in", "beijing", "dove"),
        _notice(40, "bot_out", "beijing", back=[]),
    ]
    assert seat_holders(header, handed, [])["beijing"] == [{"name": "Bo"}, {"bot": "dove"}]
    entries = [*handed, _command(45, "beijing")]
    assert seat_holders(header, entries, [])["beijing"] == [
        {"name": "Bo"},
        {"bot": "dove"},
        {"name": "Bo"},
    ]
    # a move by the server (a turn timed out) is not his: nobody is named again
    timed = [*handed, _command(45, "system")]
    assert seat_holders(header, timed, [])["beijing"] == [{"name": "Bo"}, {"bot": "dove"}]
    # a view shown no commands (a side's, a spectator's) is told the same: the moves' seats
    # are given beside its entries
    assert seat_holders(header, handed, [], played=[(45, "beijing")])["beijing"] == [
        {"name": "Bo"},
        {"bot": "dove"},
        {"name": "Bo"},
    ]


def test_a_team_player_back_after_the_other_came_back_is_named_once_seen_moving() -> None:
    """Dee came back and the bot handed Beijing back to her; Ada came back after: her seat read
    "Ada → bot Planner" to the end, though she played on."""
    header = _header(TEAM)
    entries = [
        _notice(20, "bot_in", "beijing", "planner"),
        _notice(40, "bot_out", "beijing", back=["beijing:vice_premier"]),
        _command(50, "beijing:leader"),
    ]
    holders = seat_holders(header, entries, [])
    assert holders["beijing:leader"] == [{"name": "Ada"}, {"bot": "planner"}, {"name": "Ada"}]
    assert holders["beijing:vice_premier"] == [
        {"name": "Dee"},
        {"bot": "planner"},
        {"name": "Dee"},
    ]


def test_brink_replay_names_a_player_back_after_the_hand_back_in_every_view() -> None:
    header, *entries = bot_game(RULES_INTRO, 3)[0].splitlines()
    head: dict[str, Any] = json.loads(header)
    head["seats"] = {"washington": "Ada", "beijing": "Bo"}
    at = next(i for i, line in enumerate(entries) if i and json.loads(line)["command"])
    stand_in = {"type": "notice", "kind": "bot_in", "by": "ms_li", "seat": "beijing"}
    said: list[dict[str, Any]] = [
        {"notice": {**stand_in, "name": "dove"}},
        {"notice": {**stand_in, "kind": "bot_out", "back": []}},
    ]
    record = with_entries(head, entries, at, said, 1_700_000_000_003)
    verified = verify(read_record(record))
    for viewer in ("spectator", "washington", "beijing", "instructor"):
        first = lines(verified, viewer, None, "en")[0]
        assert "Bo → bot Dove (peaceful) → Bo (Beijing)" in first, (viewer, first)


def test_a_bots_moves_name_no_seat_of_their_own() -> None:
    """A server bot moves under its side's seat (`beijing`), a team's too: those moves make no
    seat `beijing` beside the team's roles, nor one for a bot that played a side from the start."""
    header = _header(TEAM, {"beijing": "hawk"})  # still playing at the end
    entries = [
        _notice(20, "bot_in", "beijing", "planner"),
        _command(25, "beijing"),
        _notice(40, "bot_out", "beijing", back=[]),
        _notice(45, "bot_in", "beijing", "hawk"),
        _command(50, "beijing"),
    ]
    holders = seat_holders(header, entries, [])
    assert set(holders) == set(TEAM), holders
    assert holders["beijing:leader"] == [{"name": "Ada"}, {"bot": "planner"}, {"bot": "hawk"}]
    from_start = _header({"washington": "Ada"}, {"beijing": "hawk"})
    played = seat_holders(from_start, [_command(5, "beijing"), _command(6, "washington")], [])
    assert played == {"washington": [{"name": "Ada"}]}
