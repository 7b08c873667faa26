"""The Call button's words say what a call does. They said "the betting ends and the stake is
settled", but in the 2025 line Beijing calls at stake 6 (hand 3) and nobody wins the hand: the
engine (server/engine/betting.py `call`) shows the face-down cards and closes the betting; a
hand is won only by a fold or a called bluff (flow.py `lose_hand`). Checked against the engine
on the 2025 line, then the words in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import RULES_DIR

from server.engine import events as ev
from server.game.commandlog import play_log, read_log
from server.ruleset.loader import load_ruleset

WEB = Path(__file__).resolve().parents[2] / "client" / "web"


def _said(lang: str, key: str) -> str:
    text = (WEB / f"texts-{lang}.js").read_text(encoding="utf-8")
    found = re.search(rf'^\s*{key}: "(.*)",$', text, re.M)
    assert found, key
    return found.group(1)


def test_a_call_wins_nobody_the_stake_and_its_words_say_so() -> None:
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    played = play_log(rules, read_log(RULES_DIR / "history" / "2025.jsonl"))
    calls = 0
    for i, caused in enumerate(played.events):
        if not any(isinstance(e, ev.Called) for e in caused):
            continue
        calls += 1
        before = played.states[i - 1].betting
        assert before is not None and before.stake >= 2  # raised: there was a stake
        assert not any(isinstance(e, ev.HandWon) for e in caused)  # nobody wins it
        assert any(isinstance(e, ev.BettingClosed) for e in caused)
    assert calls == 2  # Washington in hand 1, Beijing in hand 3 (at stake 6)

    en, zh = _said("en", "explain_call"), _said("zh", "explain_call")
    assert "settled" not in en and "結算" not in zh
    assert "Nobody wins the hand" in en and "沒有人贏" in zh
    assert "face-down" in en and "暗牌" in zh
