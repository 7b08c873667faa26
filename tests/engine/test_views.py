"""Each viewer sees only what it may: hands, stockpiles, secret objectives, face-down cards."""

from __future__ import annotations

from helpers import stacked

from server.engine import events as ev
from server.engine import redact
from server.engine.commands import Bluff, Check, PassTalks


def test_beijing_cannot_see_washingtons_hand_stockpiles_or_objective() -> None:
    seen = stacked().view("beijing")
    assert seen.sides["washington"].hand is None
    assert seen.sides["washington"].hand_count == 4
    assert seen.sides["washington"].private is None
    assert seen.sides["washington"].objective is None
    assert seen.sides["beijing"].hand is not None
    assert seen.sides["beijing"].private == {"cn_chips": 3, "cn_capital": 3}
    assert "us_magnets" not in seen.public


def test_a_spectator_sees_only_public_information() -> None:
    seen = stacked().view("spectator")
    for side in ("washington", "beijing"):
        assert seen.sides[side].hand is None
        assert seen.sides[side].private is None
        assert seen.sides[side].objective is None
    assert seen.public["tariff_on_china"] == 0


def test_the_instructor_sees_everything() -> None:
    seen = stacked().view("instructor")
    assert seen.sides["washington"].private == {"us_magnets": 4, "us_capital": 3}
    assert seen.sides["beijing"].objective == "cn_secret"


def test_secret_objectives_are_shown_to_all_when_the_game_ends() -> None:
    game = stacked()
    for _ in range(3):
        game.act("washington", Check())
        game.act("beijing", Check())
        game.act("washington", PassTalks())
        game.act("beijing", PassTalks())
    assert game.view("spectator").sides["washington"].objective == "us_secret"


def test_no_viewer_but_the_instructor_learns_the_seed() -> None:
    game = stacked()
    started = game.log[0]
    assert isinstance(started, ev.GameStarted)
    assert started.seed is not None
    for viewer in ("washington", "beijing", "spectator"):
        seen = redact(game.rules, started, viewer)
        assert isinstance(seen, ev.GameStarted)
        assert seen.seed is None
    assert "seed" not in game.view("beijing").model_dump()


def test_events_are_redacted_for_the_other_side() -> None:
    game = stacked()
    game.act("washington", Bluff(card="us_threat"))
    rules = game.rules
    for event in game.log:
        seen = redact(rules, event, "beijing")
        if isinstance(event, ev.DecksShuffled):
            assert seen is None
        elif isinstance(event, ev.GameStarted):
            assert isinstance(seen, ev.GameStarted)
            assert seen.seed is None, "the seed would reveal every shuffle"
        elif isinstance(event, ev.CardsDrawn) and event.side == "washington":
            assert isinstance(seen, ev.CardsDrawn) and seen.cards == [] and seen.count == 4
        elif isinstance(event, ev.CardPlayedFaceDown):
            assert isinstance(seen, ev.CardPlayedFaceDown) and seen.card is None
        elif isinstance(event, ev.ObjectivesDealt):
            assert isinstance(seen, ev.ObjectivesDealt)
            assert seen.objectives == {"beijing": "cn_secret"}
        elif isinstance(event, ev.VariablesChanged) and seen is not None:
            assert isinstance(seen, ev.VariablesChanged)
            assert "us_capital" not in seen.values and "us_magnets" not in seen.values
    assert redact(rules, game.log[1], "instructor") == game.log[1]
