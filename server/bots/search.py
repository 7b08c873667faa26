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

Determinization lives in sampler.py, play by habit and what the bot sees of a move in habits.py.
The choice is the most tried command at the root. Everything is drawn from the turn's `Rng`,
and the budget is a number of play-outs (plus a cap on engine steps), so the same position and
dice always give the same choice, on any machine. `clock` and `seconds` add an optional time
limit for callers that can read a clock (the engine and its bots never do).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from server.bots.base import Turn
from server.bots.belief import PRIOR, Habits, Tracker
from server.bots.forecast import forecast
from server.bots.habits import command_key, habitual_move, seen_as
from server.bots.sampler import Sampler
from server.engine import events as ev
from server.engine.commands import Command, Seat
from server.engine.decide import apply, refusal, waiting_sides
from server.engine.legal import candidates
from server.engine.rng import Rng
from server.engine.state import GameState, other
from server.engine.views import View
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side

PLAYOUT_STEPS = 400
"""A play-out longer than this (it never should be) is scored as it stands."""

FORECAST_WORK = 2
"""What forecasting one hand costs, in engine steps (for the work cap)."""

SAMPLE_WORK = 3
"""What drawing one determinization and scoring its end cost, in engine steps."""

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
    "easy": Level(playouts=20, exploration=1.0, max_work=460),
    "normal": Level(playouts=80, max_work=1440),
    "strong": Level(playouts=240, max_work=2600),
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
        hands_left = max(0, rules.scenario.rounds - state.round + 1)
        self.steps += SAMPLE_WORK + steps + FORECAST_WORK * hands_left
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
