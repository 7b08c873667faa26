"""The planning bot: Monte Carlo search over sampled hidden information.

It never looks at the real state. From its own view it samples what it cannot see (the other
side's hand, face-down card, private stockpiles, deck order), tries each legal command in each
sample, plays the rest of the hand out at random and keeps the command with the best average
score margin (its scoring formula minus the other side's).
"""

from __future__ import annotations

from collections import Counter

from server.bots.base import Quiet, Turn
from server.engine.commands import Check, Command, Seat, SimultaneousAction
from server.engine.decide import apply, refusal
from server.engine.errors import EngineError
from server.engine.legal import candidates
from server.engine.rng import Rng
from server.engine.state import Betting, FaceDown, GameState, Hand, Talks, other
from server.engine.step import Step
from server.engine.views import View
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

ROLLOUT_LIMIT = 60


class PlannerBot(Quiet):
    """Samples `samples` worlds per decision and rolls each candidate out to the hand's end."""

    name = "planner_classic"

    def __init__(self, side: Side, samples: int = 3) -> None:
        self.side = side
        self.samples = samples

    def choose(self, turn: Turn) -> Command:
        if len(turn.legal) == 1:
            return turn.legal[0]
        totals: dict[int, float] = dict.fromkeys(range(len(turn.legal)), 0.0)
        for _ in range(self.samples):
            world = sample_world(turn.rules, turn.view, self.side, turn.rng)
            for index, command in enumerate(turn.legal):
                totals[index] += self._value(turn, world, command)
        best = max(range(len(turn.legal)), key=lambda i: (totals[i], -i))
        return turn.legal[best]

    def _value(self, turn: Turn, world: GameState, command: Command) -> float:
        try:
            state, _ = apply(turn.rules, world, Seat(side=self.side), command)
        except EngineError:
            return -1e9
        state = rollout(turn.rules, state, turn.rng, until_round=world.round)
        return margin(turn.rules, state, self.side)


def margin(rules: Ruleset, state: GameState, side: Side) -> float:
    """Return `side`'s score minus the other's: final scores, or the scoring formulas so far."""
    if state.finished:
        return float(state.scores[side] - state.scores[other(side)])
    names = Step(rules, state).names()
    mine = rules.value(rules.scenario.scoring[side], names)
    theirs = rules.value(rules.scenario.scoring[other(side)], names)
    return float(mine - theirs)


def random_command(rules: Ruleset, state: GameState, rng: Rng) -> tuple[Seat, Command] | None:
    """Return a random legal (seat, command), trying candidates in random order."""
    sides = [state.to_act] if state.to_act is not None else list(rng.shuffled(SIDES))
    for side in sides:
        seat = Seat(side=side)
        pool = candidates(rules, state, seat)
        # Draw without replacement, lazily: most draws are legal at the first or second try.
        for last in range(len(pool) - 1, -1, -1):
            pick = rng.below(last + 1)
            pool[pick], pool[last] = pool[last], pool[pick]
            if refusal(rules, state, seat, pool[last]) is None:
                return seat, pool[last]
    return None


def rollout(rules: Ruleset, state: GameState, rng: Rng, until_round: int) -> GameState:
    """Play at random until the hand `until_round` is over or the game ends."""
    for _ in range(ROLLOUT_LIMIT):
        if state.finished or state.round > until_round:
            break
        move = random_command(rules, state, rng)
        if move is None:
            break
        state, _ = apply(rules, state, *move)
    return state


def _unseen_pool(rules: Ruleset, view: View, side: Side) -> list[str]:
    pool = Counter(getattr(rules.scenario.decks, side))
    pool.subtract(item.card for item in view.lasting if item.side == side)
    return sorted(pool.elements())


def sample_world(rules: Ruleset, view: View, me: Side, rng: Rng) -> GameState:
    """Return a full state consistent with `view`, with the hidden parts sampled."""
    them = other(me)
    mine = view.sides[me]
    theirs = view.sides[them]
    own_pool = Counter(getattr(rules.scenario.decks, me))
    own_pool.subtract(mine.hand or [])
    own_deck = rng.shuffled(sorted(own_pool.elements()))[: mine.deck_count]
    pool = rng.shuffled(_unseen_pool(rules, view, them))
    their_hand, rest = pool[: theirs.hand_count], pool[theirs.hand_count :]
    hands = {
        me: Hand(cards=tuple(mine.hand or ()), deck=tuple(own_deck), objective=mine.objective),
        them: Hand(cards=tuple(their_hand), deck=tuple(rest[: theirs.deck_count])),
    }
    variables = {name: spec.initial for name, spec in rules.spec.variables.items()}
    variables.update(view.public)
    variables.update(mine.private or {})
    news_deck = rng.shuffled(rules.scenario.news_deck)  # drawn before the betting, as ever
    betting = _sample_betting(rules, view, them, rest, rng)
    return world_state(rules, view, hands, variables, news_deck, betting)


def world_state(
    rules: Ruleset,
    view: View,
    hands: dict[Side, Hand],
    variables: dict[str, int],
    news_deck: list[str],
    betting: Betting | None,
) -> GameState:
    """Return the full state a bot plays on: `view`'s public part with the hands, variables,
    news deck and betting it has guessed for what the view hides."""
    return GameState(
        rules=view.rules,
        rules_hash=rules.hash,
        rounds=view.rounds,
        seed=0,
        round=view.round,
        phase=view.phase,
        phase_index=view.phase_index,
        turn=view.turn,
        to_act=view.to_act,
        vars=variables,
        counters=dict(view.counters),
        hands=hands,
        news_deck=tuple(news_deck),
        news=view.news,
        betting=betting,
        talks=_talks(view),
        deals=tuple(view.deals),
        lasting=tuple(view.lasting),
        next_id=view.next_id,
        seq=view.seq,
    )


def _sample_betting(
    rules: Ruleset, view: View, them: Side, pool: list[str], rng: Rng
) -> Betting | None:
    if view.phase_kind != "betting":
        return None
    bluffable = [card for card in pool if rules.cards[card].bluff is not None] or [
        card for card in rules.cards if rules.cards[card].side == them and rules.cards[card].bluff
    ]
    face_down = tuple(
        FaceDown(slot=d.slot, side=d.side, card=d.card or rng.choice(bluffable))
        for d in view.face_down
    )
    pending: dict[Side, SimultaneousAction] = {
        side: Check() for side in SIDES if view.sides[side].submitted
    }
    return Betting(
        stake=view.stake,
        to_act=view.to_act,
        facing=view.facing,
        bluff_slot=view.bluff_slot,
        raises={side: view.sides[side].raises for side in SIDES},
        checks=view.checks,
        face_down=face_down,
        pending=pending,
    )


def _talks(view: View) -> Talks | None:
    if view.phase_kind != "talks":
        return None
    return Talks(proposal=view.proposal, proposals=view.proposals, passed=frozenset(view.passed))
