"""The `instructor_news` section: what a custom news event may do, read like every rule field."""

from __future__ import annotations

import json
from pathlib import Path

from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import RuleFile

ROOT = Path(__file__).resolve().parents[2]


def test_every_scenario_offers_the_instructor_news_of_the_base_library() -> None:
    for name in ("intro", "classroom", "full_2025"):
        rules = load_ruleset(ROOT / "rules" / f"{name}.yaml")
        assert "markets_rally" in rules.instructor_news
        rally = rules.instructor_news["markets_rally"]
        assert rally.name.en and rally.name.zh and rally.effects
        assert "called" in rules.outcomes
        assert json.loads(rules.to_json())["instructor_news"]


def test_rules_without_instructor_news_keep_the_json_and_hash_they_had() -> None:
    rules = load_ruleset(ROOT / "tests" / "engine" / "table.yaml")
    stored = json.loads(rules.to_json())
    assert "instructor_news" not in stored  # as games recorded before the section existed
    again = Ruleset.from_json(rules.to_json())
    assert again.hash == rules.hash and again.instructor_news == {}
    spec = rules.spec.model_dump()
    spec["instructor_news"] = [
        {
            "id": "calm",
            "name": {"en": "Calm", "zh": "平靜"},
            "effects": [{"add": {"us_pressure": -1}}],
        }
    ]
    with_news = Ruleset(RuleFile.model_validate(spec))
    assert with_news.hash != rules.hash
    assert Ruleset.from_json(with_news.to_json()).instructor_news.keys() == {"calm"}
