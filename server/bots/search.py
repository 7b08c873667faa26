"""The search planner: information-set Monte Carlo tree search (ISMCTS) over its own decisions.

Each iteration
1. **determinizes**: samples one full game consistent with what the bot has seen (its view and
   the events shown to its seat, see belief.py): the other side's hand, deck, face-down card,
   secret objective and hidden variables, the order of the news still to come;
2. **descends the tree** of the bot's own decisions: at each of its decisions it picks, among the
   commands legal in this determinization, the one with the best upper confidence bound
   (counted over the iterations in which it was available); the other side's moves are drawn
   from what it has been seen to do (belief.Habits), and the tree branches on what the bot
   would observe of them (a face-down card stays face down);
3. **expands** one new decision and **plays out** the rest of the game, both sides by habit
   (the bot's own by a sensible prior), to the end, or to a heuristic value at a step limit;
4. **backs up** the result: a win counts most, the score margin breaks ties between wins.

The choice is the most tried command at the root. Everything is drawn from the turn's `Rng`,
and the budget is a number of play-outs (plus a cap on engine steps), so the same position and
dice always give the same choice, on any machine. `clock` and `seconds` add an optional time
limit for callers that can read a clock (the engine and its bots never do).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from server.bots.base import Turn
from server.bots.belief import PRIOR, Habits, Tracker, category, state_context
from server.bots.forecast import forecast
from server.engine import events as ev
from server.engine.commands import (
    Bluff,
    Command,
    CounterDeal,
    PlayCards,
    ProposeDeal,
    Seat,
    SimultaneousAction,
)
from server.engine.decide import apply, refusal, waiting_sides
from server.engine.legal import candidates
from server.engine.rng import Rng
from server.engine.state import Betting, FaceDown, GameState, Hand, Talks, other
from server.engine.views import View
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

PLAYOUT_STEPS = 400
"""A play-out longer than this (it never should be) is scored as it stands."""

FORECAST_WORK = 2
"""What forecasting one hand costs, in engine steps (for the work cap)."""

WIN_WEIGHT = 0.75
MARGIN_SCALE = 25.0


@dataclass(frozen=True, slots=True)
class Level:
    """A planner's strength: play-outs per decision, the exploration constant, how far play-outs
    go move by move, and a cap on the work per decision (engine steps, a forecast hand counting
    FORECAST_WORK): a deterministic limit on the time a decision takes (about 55 us a step on
    this machine), whatever the position."""

    playouts: int
    exploration: float = 0.6
    horizon: int = 0
    """Hands played out move by move after the current one; the rest is forecast quietly."""
    max_work: int = 200_000


LEVELS: dict[str, Level] = {
    "easy": Level(playouts=20, exploration=1.0, max_work=400),
    "normal": Level(playouts=80, max_work=1200),
    "strong": Level(playouts=240, max_work=2800),
}


class Node:
    """One of the bot's information sets (approximately: its decisions and what it saw)."""

    __slots__ = ("avail", "children", "legal", "total", "visits")

    def __init__(self) -> None:
        self.children: dict[Hashable, Node] = {}
        self.legal: dict[Hashable, tuple[list[Command], list[Hashable]]] = {}
        """Our legal commands here, by what they depend on (a cache)."""
        self.visits = 0
        self.total = 0.0
        self.avail = 0

    def child(self, key: Hashable) -> Node:
        found = self.children.get(key)
        if found is None:
            found = self.children[key] = Node()
        return found


class SearchBot:
    """Plays by information-set Monte Carlo tree search; `level` sets its budget."""

    observes = True

    def __init__(
        self,
        side: Side,
        level: Level,
        name: str = "planner",
        clock: Callable[[], float] | None = None,
        seconds: float | None = None,
    ) -> None:
        self.side = side
        self.level = level
        self.name = name
        self.tracker = Tracker(side)
        self.clock = clock
        self.seconds = seconds
        self.last_playouts = 0
        """How many play-outs the last decision ran (for benches)."""

    def observe(self, events: list[ev.Event]) -> None:
        self.tracker.observe(events)

    def choose(self, turn: Turn) -> Command:
        legal = turn.legal
        self.last_playouts = 0
        if len(legal) == 1:
            return legal[0]
        self.tracker.update(turn.rules, turn.view)
        search = Search(turn.rules, turn.view, self.side, turn.rng, self.tracker, self.level)
        deadline = None
        if self.clock is not None and self.seconds is not None:
            deadline = self.clock() + self.seconds
        choice = search.run(legal, self.clock, deadline)
        self.last_playouts = search.playouts
        return choice


# --- play by habit ------------------------------------------------------------------------------


def _weighted(weights: dict[str, float], rng: Rng) -> str:
    total = sum(weights.values())
    point = rng.below(1 << 30) / (1 << 30) * total
    for kind, weight in weights.items():
        point -= weight
        if point < 0:
            return kind
    return next(reversed(weights))


def habitual_move(
    rules: Ruleset, state: GameState, side: Side, habits: Habits, rng: Rng
) -> Command | None:
    """Return a legal command for `side` drawn as its habits say (a kind, then one of that
    kind at random), or None if it has nothing to decide."""
    context = state_context(rules, state, side)
    if context is None:
        return None
    seat = Seat(side=side)
    pool = candidates(rules, state, seat)
    kinds: dict[str, list[Command]] = {}
    for command in pool:
        kinds.setdefault(category(rules, command), []).append(command)
    weights = {k: w for k, w in habits.weights(context).items() if k in kinds and w > 0}
    while weights:
        kind = _weighted(weights, rng)
        options = kinds[kind]
        for last in range(len(options) - 1, -1, -1):
            pick = rng.below(last + 1)
            options[pick], options[last] = options[last], options[pick]
            if refusal(rules, state, seat, options[last]) is None:
                return options[last]
        del weights[kind]
    for command in rng.shuffled(pool):
        if refusal(rules, state, seat, command) is None:
            return command
    return None


# --- what the bot sees of the other side's move -------------------------------------------------


def command_key(command: Command) -> Hashable:
    """Return a hashable key for a command (commands hold lists, so are not hashable)."""
    if isinstance(command, PlayCards):
        return ("play", *command.cards)
    if isinstance(command, Bluff):
        return ("bluff", command.card)
    if isinstance(command, ProposeDeal | CounterDeal):
        terms = tuple((t.term, *sorted(t.params.items())) for t in command.terms)
        return (command.type, terms, command.rounds)
    return (command.type, getattr(command, "proposal", None))


def seen_as(state: GameState, rules: Ruleset, command: Command) -> Hashable:
    """Return the other side's move as the bot would see it: a face-down card stays hidden, and
    a secret choice in simultaneous betting is not seen at all until both are shown."""
    if state.betting is not None and rules.phases[state.phase_index].mode == "simultaneous":
        return "secret"
    if isinstance(command, Bluff):
        return "bluff"
    return command_key(command)


# --- determinization ----------------------------------------------------------------------------


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
        state = GameState(
            rules=view.rules,
            rules_hash=self.rules.hash,
            rounds=view.rounds,
            seed=0,
            round=view.round,
            phase=view.phase,
            phase_index=view.phase_index,
            turn=view.turn,
            to_act=view.to_act,
            vars=dict(self.variables),
            counters=dict(view.counters),
            hands=hands,
            news_deck=tuple(rng.shuffled(self.news_pool)),
            news=view.news,
            betting=betting,
            talks=_talks(view),
            deals=tuple(view.deals),
            lasting=tuple(view.lasting),
            next_id=view.next_id,
            seq=view.seq,
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


def _talks(view: View) -> Talks | None:
    if view.phase_kind != "talks":
        return None
    return Talks(proposal=view.proposal, proposals=view.proposals, passed=frozenset(view.passed))


# --- the search ---------------------------------------------------------------------------------


def final_value(rules: Ruleset, state: GameState, me: Side) -> float:
    """Return how good `state` is for `me`, in [0, 1]: mostly whether it wins, then by how much
    (the game's end if it is over, else a quiet forecast of it)."""
    scores = forecast(rules, state)
    margin = float(scores[me] - scores[other(me)])
    win = 1.0 if margin > 0 else 0.5 if margin == 0 else 0.0
    return WIN_WEIGHT * win + (1 - WIN_WEIGHT) * (0.5 + 0.5 * math.tanh(margin / MARGIN_SCALE))


class Search:
    """One decision's search: build with the position, `run` with the legal commands."""

    def __init__(
        self, rules: Ruleset, view: View, me: Side, rng: Rng, tracker: Tracker, level: Level
    ) -> None:
        self.rules = rules
        self.me = me
        self.them = other(me)
        self.rng = rng
        self.level = level
        self.sampler = Sampler(rules, view, me, tracker)
        self.their_habits = tracker.habits
        self.my_habits = Habits(PRIOR)
        self.root = Node()
        self.playouts = 0
        self.steps = 0

    def run(
        self,
        legal: list[Command],
        clock: Callable[[], float] | None = None,
        deadline: float | None = None,
    ) -> Command:
        level = self.level
        for done in range(level.playouts):
            self._iterate()
            self.playouts += 1
            if self.steps >= level.max_work or self._settled(level.playouts - done - 1):
                break
            if clock is not None and deadline is not None and clock() >= deadline:
                break
        return self._best(legal)

    def _settled(self, left: int) -> bool:
        """Return whether no other command can catch up with the most tried one any more."""
        visits = sorted((n.visits for n in self.root.children.values()), reverse=True)
        return len(visits) >= 2 and visits[0] - visits[1] > left

    def _best(self, legal: list[Command]) -> Command:
        def rank(index: int) -> tuple[int, float, int]:
            node = self.root.children.get(("me", command_key(legal[index])))
            if node is None or node.visits == 0:
                return (0, 0.0, -index)
            return (node.visits, node.total / node.visits, -index)

        return legal[max(range(len(legal)), key=rank)]

    def _iterate(self) -> None:
        rules, me, rng = self.rules, self.me, self.rng
        state = self.sampler.sample(rng, self.their_habits)
        node: Node | None = self.root
        path: list[Node] = []
        steps = 0
        stop = state.round + self.level.horizon
        while not state.finished and steps < PLAYOUT_STEPS and state.round <= stop:
            steps += 1
            waiting = waiting_sides(state)
            if not waiting:
                break
            side = me if me in waiting else waiting[0]
            command: Command | None
            if side == me:
                if node is not None:
                    command, node = self._select(state, node)
                    if node.visits == 0:
                        path.append(node)
                        node = None  # expanded: play out from here
                    else:
                        path.append(node)
                else:
                    command = habitual_move(rules, state, me, self.my_habits, rng)
            else:
                command = habitual_move(rules, state, side, self.their_habits, rng)
                if command is not None and node is not None:
                    node = node.child(("them", seen_as(state, rules, command)))
            if command is None:
                break
            state, _ = apply(rules, state, Seat(side=side), command)
        self.steps += steps + FORECAST_WORK * max(0, rules.scenario.rounds - state.round + 1)
        value = final_value(rules, state, me)
        for visited in path:
            visited.visits += 1
            visited.total += value

    def _select(self, state: GameState, node: Node) -> tuple[Command, Node]:
        """Return the command to try at one of our decisions, and its node (new if untried)."""
        rules, rng = self.rules, self.rng
        seat = Seat(side=self.me)
        signature = (state.seq, state.hands[self.me].cards, *state.vars.values())
        cached = node.legal.get(signature)
        if cached is None:
            legal = [
                c for c in candidates(rules, state, seat) if refusal(rules, state, seat, c) is None
            ]
            cached = node.legal[signature] = (legal, [("me", command_key(c)) for c in legal])
        legal, keys = cached
        untried = [i for i, k in enumerate(keys) if k not in node.children]
        if untried:
            pick = untried[rng.below(len(untried))]
            node.child(keys[pick])
            for key in keys:
                tried = node.children.get(key)
                if tried is not None:
                    tried.avail += 1
            return legal[pick], node.children[keys[pick]]
        best: tuple[float, int] | None = None
        chosen = 0
        c = self.level.exploration
        for index, key in enumerate(keys):
            child = node.children[key]
            child.avail += 1
            score = child.total / child.visits + c * math.sqrt(math.log(child.avail) / child.visits)
            if best is None or (score, -index) > best:
                best, chosen = (score, -index), index
        return legal[chosen], node.children[keys[chosen]]
