"""Reading rosters (server/classroom/roster.py) and the class period's estimate (period.py)."""

from __future__ import annotations

from helpers import RULES_DIR

from server.classroom.period import PERIOD_MINUTES, expected_end, game_length, game_seconds
from server.classroom.roster import names_from_csv, names_from_text
from server.engine import SYSTEM, apply, initial_state
from server.engine.commands import StartGame
from server.game.duration import expected_minutes
from server.live.loading import load_scenarios


def test_pasted_names_are_tidied_and_repeats_dropped() -> None:
    assert names_from_text("  Ada   Lovelace\n\nbo li\nADA LOVELACE\n") == [
        "Ada Lovelace",
        "bo li",
    ]


def test_a_csv_s_name_column_is_read_whatever_else_it_holds() -> None:
    text = "Student ID,Name,Email\n1,Ada Lovelace,a@x\n2,Bo Li,b@x\n3,,c@x\n"
    assert names_from_csv(text) == ["Ada Lovelace", "Bo Li"]


def test_first_and_last_name_columns_are_joined_and_semicolons_understood() -> None:
    assert names_from_csv("First Name;Last Name\nAda;Lovelace\nBo;Li\n") == [
        "Ada Lovelace",
        "Bo Li",
    ]


def test_a_csv_without_a_header_is_names_in_its_first_column() -> None:
    assert names_from_csv("Ada,3\nBo,3\n") == ["Ada", "Bo"]


def test_a_chinese_roster_with_a_byte_order_mark() -> None:
    assert names_from_csv("\ufeff姓名,班級\n王小明,3\n李美,3\n") == ["王小明", "李美"]


def test_the_classroom_game_fits_a_period_and_shorter_timers_shorten_it() -> None:
    rules = load_scenarios(RULES_DIR)["classroom"]
    default = game_seconds(rules, {})
    assert 0 < default / 60 <= PERIOD_MINUTES
    assert game_seconds(rules, {"talks": 30, "betting": 20}) < default


def test_a_room_is_expected_to_end_later_the_earlier_it_is_and_not_while_its_clock_stands() -> None:
    rules = load_scenarios(RULES_DIR)["classroom"]
    state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=3))
    now = 1_000_000
    assert expected_end(rules, state, {}, now, None) is None  # no clock running
    end = expected_end(rules, state, {}, now, now + 60_000)
    assert end is not None and end > now + 60_000
    later = state.model_copy(update={"round": state.rounds})
    last = expected_end(rules, later, {}, now, now + 60_000)
    assert last is not None and now + 60_000 <= last < end


def test_with_the_default_timers_a_class_s_length_is_the_scenario_s() -> None:
    for rules in load_scenarios(RULES_DIR).values():
        length = game_length(rules, {})
        expected = expected_minutes(rules)
        assert (length.engaged, length.at_most) == (expected.engaged, expected.at_most), rules.id
