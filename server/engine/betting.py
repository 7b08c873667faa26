"""Deciding the poker actions: play (raise), bluff, check, call, call the bluff, fold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from functools import lru_cache

from server.engine import events as ev
from server.engine.commands import Bluff, Call, CallBluff, Check, Fold, PlayCards, Seat
from server.engine.errors import EngineError, IllegalCommand, MalformedCommand, Refusals, ok
from server.engine.flow import close_betting, lose_hand, restart_clock, start_turn
from server.engine.progress import finished, started
from server.engine.state import Betting, FaceDown, GameState, other
from server.engine.step import Step
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, ActionKind, CardSpec, PhaseSpec, RoleSpec, Side

_DOING: dict[str, str] = {
    "play": "play cards",
    "bluff": "bluff",
    "call": "call",
    "check": "check",
    "fold": "fold",
    "call_bluff": "call a bluff",
    "talks": "negotiate deals",
}
"""What each kind of action is called in a refusal ("Commerce may not negotiate deals")."""


def acting_side(step: Step, seat: Seat, action: ActionKind) -> Side:
    """Return the seat's side if the game is on and its role may take `action`."""
    state = step.state
    if not started(state):
        raise IllegalCommand("game_not_started", "the game has not started")
    if finished(state):
        raise IllegalCommand("game_over", "the game is over")
    if seat.side == "system" or seat.side == "instructor":
        raise IllegalCommand("not_a_player", f"the {seat.side} cannot play for a side")
    side: Side = seat.side
    if seat.role is not None:
        roles = side_roles(step.rules, side)
        role = roles.get(seat.role)
        if role is None:
            raise MalformedCommand("unknown_role", f"{side} has no role {seat.role!r}")
        if action not in role.actions or (action == "fold" and not role.final_say and roles):
            raise IllegalCommand("role_not_allowed", f"{role.name.en} may not {_DOING[action]}")
    return side


@lru_cache(maxsize=64)
def side_roles(rules: Ruleset, side: Side) -> dict[str, RoleSpec]:
    """Return `side`'s team roles by id (computed once per ruleset: a ruleset never changes)."""
    return {role.id: role for role in rules.spec.sides[side].roles}


def _phase(step: Step) -> PhaseSpec:
    return step.rules.phases[step.state.phase_index]


# The refusals the options meet most, made once (errors.Refusals: returned, never raised).
_WRONG_PHASE = Refusals[str](
    "wrong_phase", lambda action: f"{action} is only possible while betting"
)
_NOT_YOUR_TURN = Refusals[str | None]("not_your_turn", lambda side: f"it is {side}'s turn")
_NOT_BLUFFABLE = Refusals[str]("not_bluffable", lambda card: f"{card} cannot be played face down")
_NOT_MET = Refusals[tuple[str, str | None]](
    "requirement_not_met", lambda needs: f"{needs[0]} needs {needs[1]}"
)
_ALREADY_ACTED = IllegalCommand("already_acted", "you have already chosen this hand's action")
_NO_RAISE = IllegalCommand("nothing_to_call", "in simultaneous betting there is no raise")
_MUST_ANSWER = IllegalCommand("must_answer", "there is a raise to answer: call, raise or fold")
_NOTHING_TO_CALL = IllegalCommand("nothing_to_call", "there is no raise to call")
_NO_BLUFF_TO_CALL = IllegalCommand("no_bluff_to_call", "the last raise was not face down")

Turn = tuple[Side, Betting, PhaseSpec]
"""What a betting command's opening checks establish: the acting side, the betting, the phase."""


def betting_turn(step: Step, seat: Seat, action: ActionKind) -> Turn:
    """Return the seat's side, the betting and the phase if it may bet (`action`) now."""
    return ok(open_betting(step, seat, action))


def open_betting(step: Step, seat: Seat, action: ActionKind) -> Turn | IllegalCommand:
    """`betting_turn`, its common refusals returned (errors.ok): every betting command's
    opening check."""
    side = acting_side(step, seat, action)
    betting = step.state.betting
    if betting is None or betting.closed:
        return _WRONG_PHASE(action)
    phase = _phase(step)
    if phase.mode == "simultaneous":
        if side in betting.pending:
            return _ALREADY_ACTED
        if action in ("call", "call_bluff"):
            return _NO_RAISE
    elif step.state.to_act != side:
        return _NOT_YOUR_TURN(step.state.to_act)
    return side, betting, phase


def _card(step: Step, side: Side, seat: Seat, card_id: str) -> CardSpec:
    card = step.rules.cards.get(card_id)
    if card is None:
        raise MalformedCommand("unknown_card", f"there is no card {card_id!r}")
    if card.side != side:
        raise IllegalCommand("not_your_card", f"{card_id} is a {card.side} card")
    if not role_may_play(seat, card):  # the role by its name in the rules, the card by its id
        name = side_roles(step.rules, side)[str(seat.role)].name.en
        raise IllegalCommand("role_not_allowed", f"{name} may not play {card_id}")
    return card


def role_may_play(seat: Seat, card: CardSpec) -> bool:
    """Return whether the seat's role may play `card` (a side's own seat plays any)."""
    return not card.roles or seat.role is None or seat.role in card.roles


def cards_seat_key(step: Step, seat: Seat, card_ids: list[str]) -> Hashable:
    """Return what of the seat the checks of playing `card_ids` depend on (`_card` reads the
    role only to bar a card): nothing if no card is barred to it, else its role."""
    if seat.role is None:  # a side's own seat plays any of its cards
        return None
    for card_id in card_ids:
        card = step.rules.cards.get(card_id)
        if card is not None and not role_may_play(seat, card):
            return seat.role
    return None


def _in_hand(step: Step, side: Side, card_ids: list[str]) -> None:
    if len(card_ids) == 1:  # the common case, without counting
        if card_ids[0] not in step.state.hands[side].cards:
            raise IllegalCommand("card_not_in_hand", f"{card_ids[0]} is not in your hand")
        return
    held = Counter(step.state.hands[side].cards)
    for card_id, count in Counter(card_ids).items():
        if held[card_id] < count:
            raise IllegalCommand("card_not_in_hand", f"{card_id} is not in your hand")


def _affordable(step: Step, side: Side, cost: int) -> None:
    capital = step.rules.spec.sides[side].capital
    if cost and capital is not None and step.state.vars[capital] < cost:
        raise IllegalCommand("cannot_afford", f"that costs {cost} and you have less")


def _may_raise(betting: Betting, side: Side, phase: PhaseSpec) -> None:
    if betting.raises.get(side, 0) >= phase.max_raises:
        raise IllegalCommand("raise_limit", f"no more than {phase.max_raises} raises a hand")


def _pay(step: Step, side: Side, card: CardSpec, cause: str) -> None:
    capital = step.rules.spec.sides[side].capital
    if card.cost and capital is not None:
        value = max(step.rules.spec.variables[capital].min, step.state.vars[capital] - card.cost)
        step.emit(ev.VariablesChanged(cause=cause, values={capital: value}))


def deals_broken(rules: Ruleset, state: GameState, side: Side, card: CardSpec) -> list[int]:
    """Return the ids of the deals in force that `card` breaks when `side` puts it in play face
    up (a term of the deal forbids one of its tags to that side)."""
    broken = []
    for deal in state.deals:
        forbidden = {tag for c in deal.terms for tag in rules.terms[c.term].forbids.get(side, [])}
        if forbidden.intersection(card.tags):
            broken.append(deal.id)
    return broken


def take_effect(step: Step, side: Side, card: CardSpec) -> None:
    """Apply a card that is now in play face up, and break any deal that forbids it."""
    step.apply(card.effects, cause=f"card:{card.id}")
    for deal_id in deals_broken(step.rules, step.state, side, card):
        step.emit(ev.DealBroken(deal=deal_id, side=side, card=card.id))
        step.apply(step.rules.spec.sides[side].breach_effects, cause=f"breach:{side}")


# Each command is checked in two parts: its opening (`open_betting`, shared by every command of
# its kind) and the rest (`may_*`, given what the opening returned). The decider runs both before
# its first event, so `options` can run them alone, the opening once per kind (decide.CHECKS).
# Both return their common refusals (the deciders raise them: errors.ok) and raise the rare ones.


def play_seat_key(step: Step, seat: Seat, command: PlayCards, turn: Turn) -> Hashable:
    return cards_seat_key(step, seat, command.cards)


def may_play(
    step: Step, seat: Seat, command: PlayCards, turn: Turn
) -> list[CardSpec] | EngineError:
    """Return the cards to play, or why they may not be played now (or raise it)."""
    side, betting, phase = turn
    # Each card named is known, the side's and the role's first: a command naming cards that do
    # not exist is malformed (unknown_card), whatever their number.
    cards = [_card(step, side, seat, card_id) for card_id in command.cards]
    if len(command.cards) > phase.cards_per_turn:
        most = phase.cards_per_turn
        raise IllegalCommand("too_many_cards", f"at most {most} card{'s' * (most != 1)} a turn")
    _in_hand(step, side, command.cards)
    _may_raise(betting, side, phase)
    _affordable(step, side, sum(card.cost for card in cards))
    for card in cards:
        if not step.holds(card.requires, f"card {card.id}"):
            return _NOT_MET((card.id, card.requires))
        failed = step.trial(card)
        if failed is not None:
            return failed
    return cards


def play_cards(step: Step, seat: Seat, command: PlayCards) -> None:
    turn = betting_turn(step, seat, "play")
    cards = ok(may_play(step, seat, command, turn))
    side, _, phase = turn
    if phase.mode == "simultaneous":
        _submit(step, side, command)
        return
    _raise_face_up(step, side, cards)
    start_turn(step, other(side))


def _raise_face_up(step: Step, side: Side, cards: list[CardSpec]) -> None:
    for card in cards:
        _pay(step, side, card, f"cost:{card.id}")
        lasting = card.lasting.rounds if card.lasting is not None else None
        step.emit(ev.CardPlayed(side=side, card=card.id, lasting=lasting))
        take_effect(step, side, card)
    assert step.state.betting is not None
    stake = step.state.betting.stake + sum(card.stake for card in cards)
    step.emit(ev.StakeRaised(side=side, stake=stake))


def bluff_seat_key(step: Step, seat: Seat, command: Bluff, turn: Turn) -> Hashable:
    return cards_seat_key(step, seat, [command.card])


def may_bluff(step: Step, seat: Seat, command: Bluff, turn: Turn) -> CardSpec | EngineError:
    """Return the card to play face down, or why it may not be now (or raise it)."""
    side, betting, phase = turn
    card = _card(step, side, seat, command.card)
    _in_hand(step, side, [command.card])
    if card.bluff is None:
        return _NOT_BLUFFABLE(card.id)
    _may_raise(betting, side, phase)
    _affordable(step, side, card.cost)
    return card


def bluff(step: Step, seat: Seat, command: Bluff) -> None:
    turn = betting_turn(step, seat, "bluff")
    card = ok(may_bluff(step, seat, command, turn))
    side, _, phase = turn
    if phase.mode == "simultaneous":
        _submit(step, side, command)
        return
    _raise_face_down(step, side, card)
    start_turn(step, other(side))


def _raise_face_down(step: Step, side: Side, card: CardSpec) -> None:
    _pay(step, side, card, "cost:face_down")
    slot = step.state.next_id
    step.emit(ev.CardPlayedFaceDown(side=side, slot=slot, card=card.id))
    assert step.state.betting is not None
    stake = step.state.betting.stake + card.stake
    step.emit(ev.StakeRaised(side=side, stake=stake, face_down_slot=slot))


def may_check(step: Step, seat: Seat, command: Check, turn: Turn) -> IllegalCommand | None:
    _, betting, phase = turn
    if betting.facing and phase.mode == "alternating":
        return _MUST_ANSWER
    return None


def check(step: Step, seat: Seat, command: Check) -> None:
    turn = betting_turn(step, seat, "check")
    ok(may_check(step, seat, command, turn))
    side, _, phase = turn
    if phase.mode == "simultaneous":
        _submit(step, side, command)
        return
    step.emit(ev.Checked(side=side))
    assert step.state.betting is not None
    if step.state.betting.checks >= 2:
        close_betting(step)
    else:
        start_turn(step, other(side))


def may_call(step: Step, seat: Seat, command: Call, turn: Turn) -> IllegalCommand | None:
    if not turn[1].facing:
        return _NOTHING_TO_CALL
    return None


def call(step: Step, seat: Seat, command: Call) -> None:
    turn = betting_turn(step, seat, "call")
    ok(may_call(step, seat, command, turn))
    side = turn[0]
    step.emit(ev.Called(side=side))
    showdown(step)
    close_betting(step)


def may_call_bluff(step: Step, seat: Seat, command: CallBluff, turn: Turn) -> IllegalCommand | None:
    betting = turn[1]
    if not betting.facing or betting.bluff_slot is None:
        return _NO_BLUFF_TO_CALL
    return None


def call_bluff(step: Step, seat: Seat, command: CallBluff) -> None:
    turn = betting_turn(step, seat, "call_bluff")
    ok(may_call_bluff(step, seat, command, turn))
    side, betting, _ = turn
    assert betting.bluff_slot is not None
    slot = betting.bluff_slot
    step.emit(ev.BluffCalled(side=side, slot=slot))
    backed = _reveal(step, next(d for d in betting.face_down if d.slot == slot))
    lose_hand(step, side if backed else other(side), "bluff_backed" if backed else "bluff_caught")
    showdown(step)
    close_betting(step)


def may_fold(step: Step, seat: Seat, command: Fold, turn: Turn) -> None:
    """Folding needs nothing beyond the opening checks."""


def fold(step: Step, seat: Seat, command: Fold) -> None:
    side, _, phase = betting_turn(step, seat, "fold")
    if phase.mode == "simultaneous":
        _submit(step, side, command)
        return
    step.emit(ev.Folded(side=side))
    lose_hand(step, side, "fold")
    close_betting(step)


def showdown(step: Step) -> None:
    """Show every card still face down: with its means it takes effect, without them it costs."""
    assert step.state.betting is not None
    for down in step.state.betting.face_down:
        _reveal(step, down)


def _reveal(step: Step, down: FaceDown) -> bool:
    step.goes_on()  # a card set down before: shown now, whoever's move shows it
    card = step.rules.cards[down.card]
    assert card.bluff is not None
    backed = step.holds(card.bluff.means, f"card {card.id}")
    lasting = card.lasting.rounds if card.lasting is not None else None
    revealed = ev.CardRevealed(
        side=down.side, slot=down.slot, card=down.card, backed=backed, lasting=lasting
    )
    step.emit(revealed)
    if backed:
        take_effect(step, down.side, card)
        step.apply(card.bluff.vindicated, cause=f"card:{card.id}")
    else:
        step.apply(card.bluff.exposed, cause=f"bluff:{card.id}")
    return backed


def _submit(step: Step, side: Side, action: PlayCards | Bluff | Check | Fold) -> None:
    step.emit(ev.ActionSubmitted(side=side, action=action))
    assert step.state.betting is not None
    if len(step.state.betting.pending) == 2:
        reveal_simultaneous(step)
    else:
        restart_clock(step)


def reveal_simultaneous(step: Step) -> None:
    """Both have chosen: carry out both actions, Washington's first, then settle the hand."""
    step.goes_on()  # the first side's action was accepted before: it is carried out regardless
    assert step.state.betting is not None
    pending = dict(step.state.betting.pending)
    folded: list[Side] = []
    for side in SIDES:
        action = pending[side]
        if isinstance(action, PlayCards):
            _raise_face_up(step, side, [step.rules.cards[c] for c in action.cards])
        elif isinstance(action, Bluff):
            _raise_face_down(step, side, step.rules.cards[action.card])
        elif isinstance(action, Check):
            step.emit(ev.Checked(side=side))
        else:
            step.emit(ev.Folded(side=side))
            folded.append(side)
    if len(folded) == 1:
        lose_hand(step, folded[0], "fold")
    elif len(folded) == 2:
        for side in folded:
            step.apply(step.rules.spec.sides[side].fold_effects, cause=f"fold:{side}")
    else:
        showdown(step)
    close_betting(step)
