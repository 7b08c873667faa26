"""A record brought from elsewhere keeps names, titles and chat lines no longer than live input
may be (server/replay/clean.py): a 100,000-character player's name in an imported record's
header was kept whole, and filled every page that lists the game. Cut to size, the record still
verifies (names and chat are not engine inputs)."""

from __future__ import annotations

import json
from typing import Any

from recordkit import RULES, bot_game, with_entries

from server.replay.clean import cleaned_text
from server.replay.record import read_record
from server.replay.verify import verify
from server.ruleset.model import Ruleset
from server.ruleset.schema import RoleSpec


def test_an_imported_records_long_names_title_and_chat_are_cut_to_what_live_input_may_be() -> None:
    header, *entries = bot_game(RULES["intro"], 4)[0].splitlines()
    head: dict[str, Any] = json.loads(header)
    head["title"] = {"en": "T" * 5000, "zh": "題" * 5000}
    head["seats"] = {"washington": "A" * 100_000, "beijing": "鮑" * 100}
    at = next(i for i, line in enumerate(entries) if i and json.loads(line)["command"])
    chat = {"type": "chat_line", "seat": "beijing", "name": "B" * 300, "text": "x" * 9000}
    text = with_entries(head, entries, at, [{"chat": chat}], 1_700_000_000_003)
    record = verify(read_record(text, "upload"), "upload").record

    kept = verify(read_record(cleaned_text(record, text), "upload"), "upload").record

    assert kept.header.seats == {"washington": "A" * 40, "beijing": "鮑" * 40}
    assert kept.header.title == {"en": "T" * 80, "zh": "題" * 80}
    [line] = [entry.chat for entry in kept.entries if entry.chat is not None]
    assert line.name == "B" * 40 and line.text == "x" * 500


def test_a_long_seat_is_not_cut_it_names_a_role_of_the_rules() -> None:
    """A seat is `side:role`, and a role's id may be 64 characters: cut to a name's 40, the
    seat no longer named a seat of the rules, and the import of a genuine record was refused
    ("edited?")."""
    base = RULES["full_2025"]
    side = base.spec.sides["washington"]
    deputy = RoleSpec(id="deputy_trade_representative_office", name=side.roles[0].name)
    sides = {**base.spec.sides, "washington": side.model_copy(update={"roles": [deputy]})}
    rules = Ruleset(base.spec.model_copy(update={"sides": sides}))
    header, *entries = bot_game(rules, 3)[0].splitlines()
    head: dict[str, Any] = json.loads(header)
    seat = "washington:deputy_trade_representative_office"
    head["seats"] = {seat: "Ann", "beijing": "Bo"}
    at = next(i for i, line in enumerate(entries) if i and json.loads(line)["command"])
    chat = {"type": "chat_line", "seat": seat, "name": "Ann", "text": "hello", "team": "washington"}
    text = with_entries(head, entries, at, [{"chat": chat}], 1_700_000_000_003)
    record = verify(read_record(text, "upload"), "upload").record

    kept = verify(read_record(cleaned_text(record, text), "upload"), "upload").record

    assert kept.header.seats == {seat: "Ann", "beijing": "Bo"}
    assert [entry.chat.seat for entry in kept.entries if entry.chat is not None] == [seat]
