"""The historical line of 2025 replays through the full scenario with the seed's figures."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR

from server.engine import events as ev
from server.engine import evolve, initial_state, replay
from server.engine.state import GameState
from server.game.commandlog import Played, play_log, read_log
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset


@pytest.fixture(scope="module")
def rules() -> Ruleset:
    return load_ruleset(RULES_DIR / "full_2025.yaml")


@pytest.fixture(scope="module")
def played(rules: Ruleset) -> Played:
    return play_log(rules, read_log(RULES_DIR / "history" / "2025.jsonl"))


def _values(played: Played, variable: str, hand: int) -> list[int]:
    """Return each value `variable` took during `hand`, in order."""
    found: list[int] = []
    current = 0
    for event in (event for caused in played.events for event in caused):
        if isinstance(event, ev.RoundStarted):
            current = event.round
        changed = isinstance(event, ev.VariablesChanged) and variable in event.values
        if changed and current == hand:
            value = event.values[variable]  # type: ignore[union-attr]
            if not found or found[-1] != value:
                found.append(value)
    return found


def _after_hand(played: Played, rules: Ruleset, hand: int) -> GameState:
    """Return the state right after `hand`'s resolution, folding the log event by event."""
    state = initial_state(rules)
    for event in (event for caused in played.events for event in caused):
        state = evolve(state, event)
        if isinstance(event, ev.RoundResolved) and event.round == hand:
            return state
    raise AssertionError(f"hand {hand} was never resolved")


def test_hand_one_tariffs_on_china_climb_34_104_145(played: Played) -> None:
    assert _values(played, "tariff_on_china", 1) == [34, 104, 145]


def test_hand_one_tariffs_on_the_us_climb_34_84_125(played: Played) -> None:
    assert _values(played, "tariff_on_us", 1) == [34, 84, 125]


def test_hand_one_beijing_puts_seven_rare_earths_under_control(
    played: Played, rules: Ruleset
) -> None:
    state = _after_hand(played, rules, 1)
    assert state.vars["cn_ree_controls"] == 1
    assert state.vars["magnet_flow"] < 50


def test_geneva_sets_tariffs_to_30_and_10(played: Played, rules: Ruleset) -> None:
    state = _after_hand(played, rules, 2)
    assert (state.vars["tariff_on_china"], state.vars["tariff_on_us"]) == (30, 10)
    assert [c.term for d in state.deals for c in d.terms] == ["tariff_truce", "licence_promise"]


def test_us_lines_run_until_the_magnets_run_out_in_hand_three(
    played: Played, rules: Ruleset
) -> None:
    assert _after_hand(played, rules, 2).vars["us_lines_running"] == 1
    assert _after_hand(played, rules, 2).vars["us_magnets"] > 0
    after_three = _after_hand(played, rules, 3)
    assert after_three.vars["us_magnets"] == 0
    assert after_three.vars["us_lines_running"] == 0


def test_washington_bans_chips_software_aircraft_nuclear_parts_and_ethane(
    played: Played, rules: Ruleset
) -> None:
    state = _after_hand(played, rules, 3)
    for ban in ("h20_ban", "ascend_restrictions", "eda_ban", "aircraft_parts_ban"):
        assert state.vars[ban] == 1
    assert state.vars["nuclear_parts_ban"] == 1
    assert state.vars["ethane_ban"] == 1


def test_london_trades_magnets_for_the_h20_ban(played: Played, rules: Ruleset) -> None:
    state = _after_hand(played, rules, 4)
    assert state.vars["magnet_flow"] == 100
    assert state.vars["h20_ban"] == 0
    assert state.vars["us_lines_running"] == 1


def test_stockholm_extends_the_truce_to_november_past_the_last_hand(
    played: Played, rules: Ruleset
) -> None:
    truce = next(
        d for d in _after_hand(played, rules, 5).deals if d.terms[0].term == "tariff_truce"
    )
    assert truce.expires_after > 6


def test_madrid_gives_us_holders_80_percent_and_bytedance_licenses_the_algorithm(
    played: Played,
) -> None:
    final = played.final
    assert final.vars["tiktok_us_share"] == 80
    assert final.vars["tiktok_algorithm_licensed"] == 1


def test_the_historical_line_ends_in_mutual_deterrence_and_coexistence(played: Played) -> None:
    assert played.final.outcome == "coexistence"
    assert played.final.round == 6


def test_replaying_the_events_gives_the_same_final_state(played: Played, rules: Ruleset) -> None:
    events = [event for caused in played.events for event in caused]
    assert replay(initial_state(rules), events) == played.final
