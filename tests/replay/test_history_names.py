"""The historical 2025 line's players are named in no language of their own: the past-games page
and the replay show a name beside its side's, in the page's language ("2025 (Washington)",
"2025（華盛頓）"); "Washington, 2025" showed English on the Chinese page."""

from __future__ import annotations

from server.game.commandlog import read_log
from server.replay.history import history_record
from server.ruleset.loader import load_ruleset


def test_the_2025_lines_players_have_names_that_read_in_every_language() -> None:
    rules = load_ruleset("rules/full_2025.yaml")
    header, _ = history_record(rules, read_log("rules/history/2025.jsonl"))
    names = {seat: name for seat, name in header.seats.items() if name}
    assert set(names) == {"washington", "beijing"}
    for name in names.values():
        assert not any(ch.isalpha() for ch in name), names  # no word of one language
        assert "2025" in name, names
