"""Golden playthroughs: each recorded game, replayed command by command, causes the same events
and shows each side the same view. The games are commands, so no bot runs here."""

from __future__ import annotations

import json

import pytest
from golden.regen import (
    GOLDEN_DIR,
    HISTORY_FIGURES,
    REGEN,
    dump_figures,
    golden_path,
    history_figures,
    load_rules,
    scenarios,
    step_record,
)

from server.engine import COMMANDS, EngineError, Seat, apply, initial_state

HINT = (
    f"If the change was intended, run `{REGEN}` and read the diff "
    "(`git diff tests/golden/`) before committing it."
)
MAX_BYTES = 1_000_000


@pytest.mark.parametrize("name", scenarios())
def test_a_recorded_game_replays_to_the_same_events_and_views(name: str) -> None:
    path = golden_path(name)
    assert path.exists(), f"{path.name} is missing. Run `{REGEN}` to write it."
    rules = load_rules(name)
    state = initial_state(rules)
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = json.loads(text)
        where = f"{path.name}:{number}"
        try:
            seat = Seat.model_validate(line["seat"])
            command = COMMANDS.validate_python(line["command"])
            state, events = apply(rules, state, seat, command)
        except (EngineError, ValueError) as error:
            pytest.fail(f"{where}: the recorded command no longer plays: {error}\n{HINT}")
        where = f"{where} ({seat.side} {command.type})"
        now = step_record(rules, state, seat, command, events)
        assert now["command"] == line["command"], f"{where}: the command's JSON changed. {HINT}"
        assert now["events"] == line["events"], f"{where}: the events changed. {HINT}"
        assert now["views"] == line["views"], f"{where}: a side's view changed. {HINT}"
    assert state.finished, f"{path.name}: the recorded game no longer ends. {HINT}"


def test_every_scenario_has_a_golden_game_and_every_golden_game_a_scenario() -> None:
    recorded = sorted(path.stem for path in GOLDEN_DIR.glob("*.jsonl"))
    assert recorded == scenarios(), f"Run `{REGEN}` and delete goldens of removed scenarios."


@pytest.mark.parametrize("name", scenarios())
def test_a_golden_file_stays_small_enough_to_review(name: str) -> None:
    path = golden_path(name)
    assert not path.exists() or path.stat().st_size < MAX_BYTES


def test_the_historical_line_keeps_its_figures_hand_by_hand() -> None:
    assert HISTORY_FIGURES.exists(), f"{HISTORY_FIGURES.name} is missing. Run `{REGEN}`."
    recorded = json.loads(HISTORY_FIGURES.read_text(encoding="utf-8"))
    now = json.loads(dump_figures(history_figures()))
    assert now["outcome"] == recorded["outcome"], HINT
    for was, played in zip(recorded["hands"], now["hands"], strict=True):
        hand = was["hand"]
        changed = {
            name: (value, played["vars"].get(name))
            for name, value in was["vars"].items()
            if played["vars"].get(name) != value
        }
        assert not changed, f"hand {hand}: figures changed (recorded, now): {changed}. {HINT}"
        assert played == was, f"hand {hand}: the deals or lasting cards changed. {HINT}"
    assert now == recorded, HINT
