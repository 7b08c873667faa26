"""How the search planner plays a side it does not control, and what it sees of a move.

- `habitual_move`: a legal command for a side drawn as its habits say (belief.Habits: a kind of
  move per kind of situation, then one command of that kind at random). The other side is
  played this way in the tree and in play-outs, and the bot's own side in play-outs, by a prior.
- `command_key`: a hashable key for a command (the tree's edges).
- `seen_as`: the other side's move as the bot would observe it (a face-down card stays face
  down, a secret choice in simultaneous betting is not seen): the tree branches on it.
"""

from __future__ import annotations

from collections.abc import Hashable

from server.bots.belief import Habits, category, state_context
from server.engine.commands import Bluff, Command, CounterDeal, PlayCards, ProposeDeal, Seat
from server.engine.decide import refusal
from server.engine.legal import candidates
from server.engine.rng import Rng
from server.engine.state import GameState
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side


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
