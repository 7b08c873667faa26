"""Random legal games (see test_properties.py): no player or spectator ever sees what the
other side hides, in its view or in the events it is sent."""

from __future__ import annotations

import json

from engine.randomplay import CHOICES, LIMITED, PLAY, SEEDS, _deck, each_scenario, play, rules_of
from hypothesis import given

from server.engine import (
    GameState,
    View,
    Viewer,
    redact,
    view,
)
from server.engine import events as ev
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

# --- views --------------------------------------------------------------------------------------

# Events that show a card face up to everyone: these may name the other side's cards.
SHOWN = (ev.CardPlayed, ev.CardRevealed, ev.LastingEffectEnded, ev.DealBroken)


def _named(text: str, cards: set[str]) -> set[str]:
    return {card for card in cards if json.dumps(card) in text}


def _hidden_from(viewer: Viewer) -> list[Side]:
    """Return the sides whose secrets `viewer` may not see."""
    return [] if viewer == "instructor" else [side for side in SIDES if side != viewer]


def check_view(rules: Ruleset, state: GameState, viewer: Viewer) -> View:
    """Assert that `viewer`'s view holds nothing of what the sides it may not see keep hidden."""
    seen = view(rules, state, viewer)
    scopes = {name: spec.scope for name, spec in rules.spec.variables.items()}
    assert set(seen.public) == {name for name, scope in scopes.items() if scope == "public"}
    for side in _hidden_from(viewer):
        theirs = seen.sides[side]
        assert theirs.hand is None, f"{viewer} sees {side}'s hand"
        assert theirs.private is None, f"{viewer} sees {side}'s private variables"
        if not state.finished:
            assert theirs.objective is None, f"{viewer} sees {side}'s secret objective"
        shown = [down.card for down in seen.face_down if down.side == side and down.card]
        assert not shown, f"{viewer} sees {side}'s face-down {shown}"
        # Face-up cards in force are public; nowhere else may the view name a card of that side.
        text = seen.model_dump_json(exclude={"lasting"})
        assert not _named(text, _deck(rules, side)), f"{viewer}'s view names {side}'s cards"
    for side in SIDES:
        if side == viewer:
            assert seen.sides[side].hand == list(state.hands[side].cards)
    return seen


def check_redacted(rules: Ruleset, caused: list[ev.Event], viewer: Viewer) -> list[ev.Event]:
    """Assert that one command's events, as `viewer` gets them, keep the other side's secrets."""
    shown = {e.card for e in caused if isinstance(e, ev.CardPlayed | ev.CardRevealed)}
    scopes = {name: spec.scope for name, spec in rules.spec.variables.items()}
    out: list[ev.Event] = []
    for event in caused:
        seen = redact(rules, event, viewer)
        if seen is None:
            continue
        out.append(seen)
        assert not isinstance(seen, ev.DecksShuffled), f"{viewer} sees the deck order"
        if isinstance(seen, ev.GameStarted):
            assert seen.seed is None, f"{viewer} sees the seed, which reveals every shuffle"
        if isinstance(seen, ev.ObjectivesDealt):
            assert set(seen.objectives) <= {viewer}, f"{viewer} sees {seen.objectives}"
        if isinstance(seen, ev.VariablesChanged):
            private = [name for name in seen.values if scopes[name] not in ("public", viewer)]
            assert not private, f"{viewer} sees the private {private}"
        for side in _hidden_from(viewer):
            if isinstance(seen, ev.CardsDrawn) and seen.side == side:
                assert seen.cards == [], f"{viewer} sees {side} draw {seen.cards}"
                assert seen.count == event.count  # type: ignore[union-attr]
            if isinstance(seen, ev.CardPlayedFaceDown) and seen.side == side:
                assert seen.card is None, f"{viewer} sees {side}'s face-down {seen.card}"
            if isinstance(seen, ev.ActionSubmitted) and seen.side == side:
                assert seen.action is None, f"{viewer} sees {side}'s secret {seen.action!r}"
            if isinstance(seen, SHOWN):
                continue
            named = _named(seen.model_dump_json(), _deck(rules, side))
            # A change's cause may name a card shown by the same command (its cost or effect).
            assert named <= (shown if isinstance(seen, ev.VariablesChanged) else set()), (
                f"{viewer} learns {side}'s {sorted(named)} from {seen!r}"
            )
    return out


@each_scenario
@given(seed=SEEDS, choices=CHOICES)
@PLAY
def test_no_player_or_spectator_sees_what_the_other_side_hides(
    name: str, seed: int, choices: list[int]
) -> None:
    rules = rules_of(name)
    game = play(rules, seed, choices)
    for state, caused in zip(game.states, game.events, strict=True):
        for viewer in LIMITED:
            check_view(rules, state, viewer)
            check_redacted(rules, caused, viewer)


def test_a_side_is_hidden_from_the_other_and_from_spectators_but_not_the_instructor() -> None:
    assert _hidden_from("washington") == ["beijing"]
    assert _hidden_from("spectator") == ["washington", "beijing"]
    assert _hidden_from("instructor") == []
