"""What a bot learns by watching the table: the other side's habits and what it cannot see.

Everything here comes from the events the bot's own seat is shown (redacted as for any player)
and from its own view: never from the real state.

- `Habits`: how often the other side raised, bluffed, checked, called, folded, proposed,
  accepted... in each kind of situation (a *context*). Search plays the other side by these
  frequencies, so a bot that always escalates is soon expected to escalate.
- `Tracker`: the other side's hidden variables (its political capital, its stockpile), kept up
  to date by running the public rules over what the bot saw (news, resolution, card costs);
  the cards the other side has played (no longer in its hand or deck); the news already drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from server.bots.base import DE_ESCALATING_TAGS
from server.engine import events as ev
from server.engine.commands import (
    AcceptDeal,
    Bluff,
    Call,
    CallBluff,
    Check,
    Command,
    CounterDeal,
    Fold,
    PassTalks,
    PlayCards,
    ProposeDeal,
    RejectDeal,
    TermChoice,
    WithdrawDeal,
)
from server.engine.state import GameState, other
from server.engine.views import View
from server.ruleset.model import COUNTERS, Ruleset
from server.ruleset.schema import Effect, Side

# --- contexts and categories --------------------------------------------------------------------

# The kinds of situation a side acts in, and what it may do in each (by kind of command).
CONTEXTS: dict[str, tuple[str, ...]] = {
    "open": ("raise", "bluff", "concede", "check", "fold"),  # alternating, nothing to answer
    "facing": ("raise", "bluff", "concede", "call", "call_bluff", "fold"),  # a raise, stake < 3
    "facing_high": ("raise", "bluff", "concede", "call", "call_bluff", "fold"),  # stake >= 3
    "secret": ("raise", "bluff", "concede", "check", "fold"),  # simultaneous betting
    "talk": ("propose", "pass"),  # no proposal on the table
    "answer": ("accept", "reject", "counter", "pass"),  # the other side's proposal
    "own": ("withdraw", "pass"),  # one's own proposal on the table
}

# What a player with no known habits is expected to do: a little of everything, with the
# ordinary moves (check, call, answer a proposal) the likeliest.
PRIOR: dict[str, dict[str, float]] = {
    "open": {"raise": 1.0, "bluff": 0.3, "concede": 0.3, "check": 1.2, "fold": 0.1},
    "facing": {"raise": 0.8, "bluff": 0.2, "concede": 0.2, "call": 1.2, "call_bluff": 0.6,
               "fold": 0.3},
    "facing_high": {"raise": 0.6, "bluff": 0.2, "concede": 0.2, "call": 1.2, "call_bluff": 0.6,
                    "fold": 0.5},
    "secret": {"raise": 1.0, "bluff": 0.3, "concede": 0.3, "check": 1.2, "fold": 0.1},
    "talk": {"propose": 1.0, "pass": 1.2},
    "answer": {"accept": 1.0, "reject": 0.7, "counter": 0.3, "pass": 0.5},
    "own": {"withdraw": 0.1, "pass": 1.5},
}  # fmt: skip
PRIOR_WEIGHT = 2.0
"""How many observed moves the prior is worth in each context."""

HIGH_STAKE = 3


def betting_context(facing: bool, stake: int, simultaneous: bool) -> str:
    if simultaneous:
        return "secret"
    if not facing:
        return "open"
    return "facing_high" if stake >= HIGH_STAKE else "facing"


def talks_context(proposer: Side | None, side: Side) -> str:
    if proposer is None:
        return "talk"
    return "own" if proposer == side else "answer"


def state_context(rules: Ruleset, state: GameState, side: Side) -> str | None:
    """Return the context `side` acts in now (None: it has nothing to decide)."""
    betting = state.betting
    if betting is not None and not betting.closed:
        simultaneous = rules.phases[state.phase_index].mode == "simultaneous"
        return betting_context(betting.facing, betting.stake, simultaneous)
    talks = state.talks
    if talks is not None and not talks.closed:
        return talks_context(talks.proposal.side if talks.proposal else None, side)
    return None


@lru_cache(maxsize=4096)
def _escalates(rules: Ruleset, card: str) -> bool:
    return not DE_ESCALATING_TAGS.intersection(rules.cards[card].tags)


def category(rules: Ruleset, command: Command) -> str:
    """Return the kind of a command: raise, bluff, concede, check, call, ... pass."""
    if isinstance(command, PlayCards):
        return "raise" if all(_escalates(rules, c) for c in command.cards) else "concede"
    return _KINDS[type(command)]


_KINDS: dict[type, str] = {
    Bluff: "bluff",
    Check: "check",
    Call: "call",
    CallBluff: "call_bluff",
    Fold: "fold",
    ProposeDeal: "propose",
    CounterDeal: "counter",
    AcceptDeal: "accept",
    RejectDeal: "reject",
    WithdrawDeal: "withdraw",
    PassTalks: "pass",
}


class Habits:
    """How often a side chose each kind of command in each context (with a prior)."""

    def __init__(self, prior: Mapping[str, Mapping[str, float]] = PRIOR) -> None:
        self.counts: dict[str, Counter[str]] = {context: Counter() for context in CONTEXTS}
        self.prior = prior
        self._weights: dict[str, dict[str, float]] = {}

    def add(self, context: str, kind: str) -> None:
        if kind in CONTEXTS[context]:
            self.counts[context][kind] += 1
            self._weights.pop(context, None)

    def seen(self, context: str) -> int:
        return sum(self.counts[context].values())

    def weights(self, context: str) -> dict[str, float]:
        """Return the expected share of each kind of command in `context` (summing to 1)."""
        found = self._weights.get(context)
        if found is None:
            prior = self.prior[context]
            total_prior = sum(prior.values())
            counts = self.counts[context]
            raw = {
                kind: PRIOR_WEIGHT * prior.get(kind, 0.0) / total_prior + counts[kind]
                for kind in CONTEXTS[context]
            }
            total = sum(raw.values())
            found = self._weights[context] = {k: v / total for k, v in raw.items()}
        return found


# --- watching the events ------------------------------------------------------------------------


class Tracker:
    """Follows the game from one side's seat: the other side's habits, hidden variables and
    played cards. `observe` queues events; `update` (with the rules and the current view)
    reads them. A bot that joins late simply knows less (its estimates start from a guess)."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self.them = other(side)
        self.habits = Habits()
        self.estimates: dict[str, int] = {}
        self.played: Counter[str] = Counter()
        self.own_played: Counter[str] = Counter()
        self.news_seen: set[str] = set()
        self._queue: list[ev.Event] = []
        self._names: dict[str, int] = {}
        self._ready = False
        # Where the betting and talks stand, to know the context of each of their moves.
        self._simultaneous = False
        self._facing: Side | None = None
        self._stake = 0
        self._proposer: Side | None = None
        self._played_now: list[str] = []
        self._face_down_cost: dict[int, int] = {}
        # What takes effect in each resolution: the lasting cards and the deals in force (seen
        # from the start: a bot that joins late misses those already there).
        self._lasting: list[str] = []
        self._deals: dict[int, list[TermChoice]] = {}

    def observe(self, events: Iterable[ev.Event]) -> None:
        self._queue.extend(events)

    def update(self, rules: Ruleset, view: View) -> None:
        """Read the queued events, then take every visible value from `view`."""
        if not self._ready:
            self._start(
                rules, view, started=any(isinstance(e, ev.GameStarted) for e in self._queue)
            )
        for event in self._queue:
            self._read(rules, event)
        self._queue.clear()
        self._sync(rules, view)

    # -- estimates --

    def _start(self, rules: Ruleset, view: View, started: bool) -> None:
        self._ready = True
        variables = rules.spec.variables
        self._names = {name: spec.initial for name, spec in variables.items()}
        self._names.update(dict.fromkeys(COUNTERS, 0))
        self._names.update(round=0, rounds=view.rounds, stake=0, deals_in_force=0)
        for name, spec in variables.items():
            if spec.scope != self.them:
                continue
            value = spec.initial
            if not started and name == rules.spec.sides[self.them].capital:
                # Joined late: guess the capital a side has after some hands of play.
                value = min(spec.max, value + max(0, view.round - 1))
            self.estimates[name] = value

    def _sync(self, rules: Ruleset, view: View) -> None:
        names = self._names
        names.update(view.public)
        names.update(view.sides[self.side].private or {})
        names.update(view.counters)
        names.update(self.estimates)
        names["round"] = view.round
        names["rounds"] = view.rounds
        names["stake"] = view.stake
        names["deals_in_force"] = len(view.deals)

    def _apply(
        self,
        rules: Ruleset,
        effects: Iterable[Effect],
        more: Iterable[tuple[Iterable[Effect], Mapping[str, int]]] = (),
    ) -> None:
        """Run effects over the names as the engine would, keeping what is hidden from us:
        `effects`, then each of `more` in turn (with its deal term's parameters), each seeing
        what the ones before it changed."""
        names = dict(self._names)
        specs = rules.spec.variables
        for batch, params in ((effects, {}), *more):
            for effect in batch:
                if not rules.holds(effect.when, {**names, **params}):
                    continue
                for verb, table in (("set", effect.set), ("add", effect.add)):
                    for target, amount in table.items():
                        value = rules.value(amount, {**names, **params})
                        if verb == "add":
                            value += names[target]
                        spec = specs[target]
                        names[target] = max(spec.min, min(spec.max, value))
        for name in self.estimates:
            self.estimates[name] = self._names[name] = names[name]

    def _resolve(self, rules: Ruleset) -> None:
        """Run a hand's resolution as the engine does (flow.py): the lasting cards' effects,
        each deal's terms' effects for a hand in force, then the resolution steps."""
        none: dict[str, int] = {}
        lasting = [
            (spec.effects, none)
            for spec in (rules.cards[card].lasting for card in self._lasting)
            if spec is not None
        ]
        deals = [
            (rules.terms[choice.term].each_round, choice.params)
            for terms in self._deals.values()
            for choice in terms
        ]
        self._apply(rules, (), [*lasting, *deals, (rules.spec.resolution, none)])

    def _pay(self, rules: Ruleset, cost: int) -> None:
        capital = rules.spec.sides[self.them].capital
        if capital is None or capital not in self.estimates or not cost:
            return
        spec = rules.spec.variables[capital]
        value = max(spec.min, self.estimates[capital] - cost)
        self.estimates[capital] = self._names[capital] = value

    # -- events --

    def _read(self, rules: Ruleset, event: ev.Event) -> None:
        self._keep(rules, event)
        them = self.them
        if isinstance(event, ev.VariablesChanged):
            self._names.update(event.values)
        elif isinstance(event, ev.RoundStarted):
            self._names["round"] = event.round
        elif isinstance(event, ev.NewsDrawn):
            self.news_seen.add(event.news)
            self._apply(rules, rules.news[event.news].effects)
        elif isinstance(event, ev.PhaseStarted):
            self._phase(rules, event)
        elif isinstance(event, ev.CardPlayed | ev.CardRevealed) and event.side == self.side:
            self.own_played[event.card] += 1
        elif isinstance(event, ev.CardPlayed) and event.side == them:
            card = rules.cards[event.card]
            self.played[event.card] += 1
            self._played_now.append(event.card)
            self._pay(rules, card.cost)
            self._apply(rules, card.effects)
        elif isinstance(event, ev.CardPlayedFaceDown) and event.side == them:
            cost = self._typical_bluff_cost(rules)
            self._face_down_cost[event.slot] = cost
            self._pay(rules, cost)
        elif isinstance(event, ev.CardRevealed) and event.side == them:
            card = rules.cards[event.card]
            self.played[event.card] += 1
            self._pay(rules, card.cost - self._face_down_cost.pop(event.slot, card.cost))
            if event.backed:
                self._apply(rules, card.effects)
        elif isinstance(event, ev.BettingClosed):
            self._facing = None
        else:
            self._moves(rules, event)

    def _keep(self, rules: Ruleset, event: ev.Event) -> None:
        """Follow the lasting cards and the deals in force, and what ending a deal does."""
        if isinstance(event, ev.CardPlayed | ev.CardRevealed) and event.lasting is not None:
            if isinstance(event, ev.CardPlayed) or event.backed:
                self._lasting.append(event.card)
        elif isinstance(event, ev.LastingEffectEnded) and event.card in self._lasting:
            self._lasting.remove(event.card)
        elif isinstance(event, ev.DealStruck):
            self._deals[event.deal] = list(event.terms)
            self._names["deals_in_force"] = self._names.get("deals_in_force", 0) + 1
        elif isinstance(event, ev.DealBroken | ev.DealExpired):
            terms = self._deals.pop(event.deal, [])
            self._names["deals_in_force"] = max(0, self._names.get("deals_in_force", 0) - 1)
            if isinstance(event, ev.DealBroken):
                self._apply(rules, rules.spec.sides[event.side].breach_effects)
            else:
                self._apply(rules, (), [(rules.terms[t.term].on_end, t.params) for t in terms])

    def _phase(self, rules: Ruleset, event: ev.PhaseStarted) -> None:
        if event.kind == "betting":
            self._simultaneous = rules.phases[event.index].mode == "simultaneous"
            self._stake = self._names["stake"] = event.stake
            self._facing = None
        elif event.kind == "talks":
            self._proposer = None
        elif event.kind == "resolution":
            self._resolve(rules)

    def _moves(self, rules: Ruleset, event: ev.Event) -> None:
        """Note a move of either side: the other side's into its habits, in its context."""
        them = self.them
        side = getattr(event, "side", None)
        if isinstance(event, ev.StakeRaised):
            if side == them:
                escalated = all(_escalates(rules, c) for c in self._played_now)
                kind = "bluff" if event.face_down_slot is not None else "raise"
                self._note_bet(kind if escalated or kind == "bluff" else "concede")
            self._played_now = []
            self._stake = self._names["stake"] = event.stake
            self._facing = other(event.side) if not self._simultaneous else None
        elif isinstance(event, ev.Checked | ev.Called | ev.BluffCalled):
            if side == them:
                self._note_bet(_BET_KINDS[type(event)])
            self._facing = None
        elif isinstance(event, ev.Folded):
            if side == them and not event.forced:
                self._note_bet("fold")
        elif isinstance(event, ev.DealProposed):
            if side == them:
                context = talks_context(self._proposer, them)
                self.habits.add(context, "counter" if event.counters is not None else "propose")
            self._proposer = event.side
        elif isinstance(event, ev.DealRejected | ev.DealWithdrawn):
            if side == them:
                kind = "reject" if isinstance(event, ev.DealRejected) else "withdraw"
                self.habits.add(talks_context(self._proposer, them), kind)
            self._proposer = None
        elif isinstance(event, ev.DealStruck):
            if event.proposed_by == self.side:
                self.habits.add("answer", "accept")
            self._proposer = None
        elif isinstance(event, ev.TalksPassed) and side == them:
            self.habits.add(talks_context(self._proposer, them), "pass")

    def _note_bet(self, kind: str) -> None:
        facing = self._facing == self.them
        self.habits.add(betting_context(facing, self._stake, self._simultaneous), kind)

    def _typical_bluff_cost(self, rules: Ruleset) -> int:
        """Return what a card the other side lays face down likely cost it: the mean cost of the
        cards it may bluff with among those of its deck not seen played yet (the scenario deals
        a few of the library's cards: a card it does not deal cannot be the one face down),
        else of any of its cards that may be bluffed with."""
        unseen = Counter(getattr(rules.scenario.decks, self.them))
        unseen.subtract(self.played)
        costs = [rules.cards[card].cost for card in unseen.elements() if rules.cards[card].bluff]
        if not costs:
            costs = [c.cost for c in rules.cards.values() if c.side == self.them and c.bluff]
        return round(sum(costs) / len(costs)) if costs else 0


_BET_KINDS: dict[type, str] = {ev.Checked: "check", ev.Called: "call", ev.BluffCalled: "call_bluff"}
