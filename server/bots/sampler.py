"""Determinization for the search planner: full game states consistent with what the bot saw.

`Sampler` draws the other side's hand, deck, face-down card, secret objective and hidden
variables (the tracker's estimates), the bot's own deck order, the order of the news still to
come, and, in simultaneous betting, the other side's secret choice if it has made one (as its
habits say it would). The bot's own view is kept exactly.
"""

from __future__ import annotations

from collections import Counter

from server.bots.belief import Habits, Tracker
from server.bots.habits import habitual_move
from server.bots.planner import world_state
from server.engine.commands import Seat, SimultaneousAction
from server.engine.decide import apply
from server.engine.rng import Rng
from server.engine.state import Betting, FaceDown, GameState, Hand, other
from server.engine.views import View
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side


class Sampler:
    """Draws full game states consistent with the bot's view and what its tracker learned."""

    def __init__(self, rules: Ruleset, view: View, me: Side, tracker: Tracker) -> None:
        self.rules = rules
        self.view = view
        self.me = me
        self.them = other(me)
        self.tracker = tracker
        them = self.them
        mine = view.sides[me]
        decks = rules.scenario.decks
        lasting = Counter(item.card for item in view.lasting)
        # The other side's unseen cards: its deck less what it has been seen to play.
        pool = Counter(getattr(decks, them))
        for card in pool:
            pool[card] -= max(tracker.played[card], lasting.get(card, 0))
        self.their_pool = sorted(pool.elements())
        # Our own deck: all our cards less our hand, our cards on the table and those played.
        own = Counter(getattr(decks, me))
        own.subtract(mine.hand or [])
        own.subtract(d.card for d in view.face_down if d.side == me and d.card)
        own.subtract(tracker.own_played)
        self.own_pool = sorted(own.elements())
        news = Counter(rules.scenario.news_deck)
        if tracker.news_seen:
            for item in tracker.news_seen:
                news[item] = 0
        self.news_pool = sorted(news.elements())
        self.objectives = rules.side_objectives(them)
        variables = {name: spec.initial for name, spec in rules.spec.variables.items()}
        variables.update(view.public)
        variables.update(mine.private or {})
        variables.update(tracker.estimates)
        self.variables = variables

    def sample(self, rng: Rng, their_habits: Habits) -> GameState:
        view, me, them = self.view, self.me, self.them
        mine, theirs = view.sides[me], view.sides[them]
        own_deck = rng.shuffled(self.own_pool)[: mine.deck_count]
        pool = rng.shuffled(self.their_pool)
        their_hand, rest = pool[: theirs.hand_count], pool[theirs.hand_count :]
        betting = self._betting(rest, rng)
        objective = rng.choice(self.objectives) if self.objectives else None
        hands = {
            me: Hand(cards=tuple(mine.hand or ()), deck=tuple(own_deck), objective=mine.objective),
            them: Hand(cards=tuple(their_hand), deck=tuple(rest[: theirs.deck_count]),
                       objective=objective),
        }  # fmt: skip
        state = world_state(
            self.rules, view, hands, dict(self.variables), rng.shuffled(self.news_pool), betting
        )
        if theirs.submitted and state.betting is not None:
            # Their secret choice in simultaneous betting: what they would likely have chosen.
            move = habitual_move(self.rules, state, them, their_habits, rng)
            if move is not None:
                state, _ = apply(self.rules, state, Seat(side=them), move)
        return state

    def _betting(self, rest: list[str], rng: Rng) -> Betting | None:
        view, rules, them = self.view, self.rules, self.them
        if view.phase_kind != "betting":
            return None
        bluffable = [c for c in rest if rules.cards[c].bluff is not None] or [
            c for c in rules.cards if rules.cards[c].side == them and rules.cards[c].bluff
        ]
        face_down = []
        for down in view.face_down:
            card = down.card
            if card is None:
                card = rng.choice(bluffable)
                if card in rest:
                    rest.remove(card)
            face_down.append(FaceDown(slot=down.slot, side=down.side, card=card))
        pending: dict[Side, SimultaneousAction] = {}
        return Betting(
            stake=view.stake,
            to_act=view.to_act,
            facing=view.facing,
            bluff_slot=view.bluff_slot,
            raises={side: view.sides[side].raises for side in SIDES},
            checks=view.checks,
            face_down=tuple(face_down),
            pending=pending,
        )
