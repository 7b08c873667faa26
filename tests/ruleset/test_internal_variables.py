"""A variable the rules keep for their own bookkeeping is marked `internal: true` (rules/README.md,
`variables`): who raised first this hand, who started the trade war, the blame constants. The
engine and the event log keep it; no view tells it. A fresh user read them under "Public tracks"
of `brink play` and in the log of `brink replay` ("Washington escalated this hand off → on")."""

from __future__ import annotations

import json

from helpers import RULES_DIR

from server.engine import events as ev
from server.game.narrate import describe
from server.game.values import Language, Values
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset

BOOKKEEPING = {"us_raised", "cn_raised", "aggressor", "first_raise_blame", "aggressor_blame"}


def test_the_shipped_scenarios_mark_their_bookkeeping_internal() -> None:
    for scenario in ("intro", "classroom", "full_2025"):
        rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
        assert rules.internal == BOOKKEEPING, scenario
        marked = {k for k, v in rules.data["variables"].items() if v.get("internal")}
        assert marked == BOOKKEEPING, scenario  # the web page reads it from the rules' JSON


def test_a_variable_not_internal_keeps_the_json_and_hash_it_had() -> None:
    rules = load_ruleset(RULES_DIR / "intro.yaml")
    data = json.loads(rules.to_json())
    assert "internal" not in data["variables"]["tariff_on_china"]
    for name in BOOKKEEPING:
        del data["variables"][name]["internal"]  # the rules as stored before the field
    before = Ruleset.from_json(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    assert "internal" not in before.to_json()
    # rules stored before the field mark none: the library's bookkeeping is still not told
    assert before.internal == BOOKKEEPING


def test_a_change_of_bookkeeping_alone_is_not_told() -> None:
    rules = load_ruleset(RULES_DIR / "intro.yaml")
    only = ev.VariablesChanged(cause="card:us_tariff_34", values={"us_raised": 1})
    mixed = ev.VariablesChanged(
        cause="card:us_tariff_34", values={"cn_leverage": 3, "us_raised": 1, "aggressor": 1}
    )
    languages: tuple[Language, ...] = ("en", "zh")
    for lang in languages:
        values = Values(rules, lang)
        values.begin([])
        assert values.line(only) is None
        said = values.line(mixed)
        assert said is not None and ("籌碼" if lang == "zh" else "leverage") in said
        assert values.now["us_raised"] == 1  # followed all the same
        assert describe(rules, only, lang) is None
        told = describe(rules, mixed, lang)
        assert told is not None
        for name in BOOKKEEPING:
            assert str(getattr(rules.spec.variables[name].name, lang)) not in told
