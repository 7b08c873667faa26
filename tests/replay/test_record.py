"""Game records: written, read back and verified; tampered, truncated or re-ruled ones refused
with the line named."""

from __future__ import annotations

import json

import pytest
from recordkit import RULES, SCENARIOS, bot_game

from server.replay.record import Record, RecordError, read_record
from server.replay.verify import verify


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_records_of_random_bot_games_read_back_and_verify(scenario: str) -> None:
    rules = RULES[scenario]
    for seed in range(200):  # 200 random bot games of each scenario
        text, outcome = bot_game(rules, seed)
        record = read_record(text, "game.jsonl")
        assert record.header.outcome == outcome
        verified = verify(record, "game.jsonl")
        assert verified.final.outcome == outcome
        assert len(verified.states) == len(record.entries) + 1


def test_a_search_planner_game_records_and_replays() -> None:
    text, outcome = bot_game(RULES["intro"], 5, ("planner_easy", "hawk"))
    record = read_record(text, "game.jsonl")
    assert outcome is not None and record.header.outcome == outcome
    assert verify(record, "game.jsonl").final.outcome == outcome


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _refused(text: str) -> str:
    with pytest.raises(RecordError) as refused:
        verify(read_record(text, "game.jsonl"), "game.jsonl")
    return str(refused.value)


@pytest.fixture(scope="module")
def game() -> str:
    return bot_game(RULES["intro"], 3)[0]


def test_an_edited_event_is_refused_at_its_line(game: str) -> None:
    lines = _lines(game)
    index = next(
        i for i, line in enumerate(lines[1:], 1) if '"variables_changed"' in line and i > 20
    )
    entry = json.loads(lines[index])
    name = next(iter(entry["event"]["values"]))
    entry["event"]["values"][name] += 7
    lines[index] = json.dumps(entry)
    assert _refused("\n".join(lines)).startswith(f"game.jsonl:{index + 1}: the log says")


def test_an_edited_command_is_refused(game: str) -> None:
    lines = _lines(game)
    index = next(i for i, line in enumerate(lines[1:], 1) if '"seat":"beijing"' in line)
    entry = json.loads(lines[index])
    entry["command"]["command"] = {"type": "withdraw", "proposal": 99}
    lines[index] = json.dumps(entry)
    assert _refused("\n".join(lines)).startswith(
        f"game.jsonl:{index + 1}: the engine refuses this command"
    )


def test_an_event_naming_another_seat_than_its_commands_is_refused(game: str) -> None:
    """`Entry.seat` names which of a team acted: a record that blames another teammate (or names
    a seat for a side's own move) does not verify; nor does a seat that is not one."""
    lines = _lines(game)
    index = next(i for i, line in enumerate(lines[1:], 1) if '"event"' in line and i > 10)
    entry = json.loads(lines[index])
    entry["seat"] = "washington:commerce"
    lines[index] = json.dumps(entry)
    said = _refused("\n".join(lines))
    assert said.startswith(f"game.jsonl:{index + 1}: the log names washington:commerce"), said
    entry["seat"] = "x" * 100
    lines[index] = json.dumps(entry)
    with pytest.raises(RecordError):
        read_record("\n".join(lines), "game.jsonl")


def test_a_dropped_line_is_refused_at_the_gap(game: str) -> None:
    lines = _lines(game)
    del lines[10]
    assert _refused("\n".join(lines)).startswith("game.jsonl:11: entry 11 where entry 10")


def test_a_truncated_record_is_refused(game: str) -> None:
    lines = _lines(game)[:-5]
    assert "truncated" in _refused("\n".join(lines))


def test_a_record_with_other_rules_is_refused(game: str) -> None:
    lines = _lines(game)
    header = json.loads(lines[0])
    header["rules"]["scenario"]["rounds"] += 1
    lines[0] = json.dumps(header)
    assert _refused("\n".join(lines)).startswith("game.jsonl:1: the rules are not the ones")


@pytest.mark.parametrize(
    ("first", "says"),
    [
        ("", "empty"),
        ("not json", "not JSON"),
        ('{"format": "something else"}', "not a Brinkmanship game record"),
        ('{"format": "brinkmanship-record", "version": 99}', "record version 99"),
    ],
)
def test_a_bad_header_is_refused_on_line_1(game: str, first: str, says: str) -> None:
    lines = [first, *_lines(game)[1:]]
    message = _refused("\n".join(lines))
    assert message.startswith("game.jsonl:1:") and says in message


def test_a_record_replays_under_its_own_rules(game: str) -> None:
    record: Record = read_record(game)
    assert record.rules.hash == record.header.rules_hash
    assert record.rules.to_json() == RULES["intro"].to_json()
