"""A record carries its rules unchecked: rules that name a variable they do not define (an
edited record) make verifying it a RecordError naming the line, not a crash of the reader
(`brink replay --verify`, `POST /api/games/import`)."""

from __future__ import annotations

import json

import pytest
from recordkit import RULES, bot_game

from server.replay.record import RecordError, read_record
from server.replay.verify import verify
from server.ruleset.model import Ruleset


def test_a_record_whose_rules_change_an_undefined_variable_is_refused_at_its_line() -> None:
    text = bot_game(RULES["intro"], 3)[0]
    header, rest = text.split("\n", 1)
    head = json.loads(header)
    for item in head["rules"]["news"]:
        item["effects"] = [{"when": None, "set": {}, "add": {"nosuch": 1}, "extend_deals": None}]
    rules = Ruleset.from_json(json.dumps(head["rules"]))
    head["rules"], head["rules_hash"] = json.loads(rules.to_json()), rules.hash
    record = read_record(json.dumps(head) + "\n" + rest, "edited")

    with pytest.raises(RecordError) as refused:
        verify(record, "edited.jsonl")

    assert str(refused.value) == (
        "edited.jsonl:2: the record's rules cannot play this command (KeyError: 'nosuch')"
    )
