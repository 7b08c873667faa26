"""A bot decides only from what its seat may see: the same view and the same events shown to it
give the same move, whatever the other side holds (its hand, deck, secret objective, hidden
variables, the card it laid face down, its secret choice in simultaneous betting). Both the way
the benches drive bots (play_match) and the way the server does (Room._show_bots, bot_command)."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR, Game

from server.bots import BOTS, Turn, make_bot
from server.bots.base import decide
from server.bots.planner import random_command
from server.engine import apply, redact, view, waiting_sides
from server.engine import events as ev
from server.engine.commands import Check, Command, Fold
from server.engine.rng import Rng
from server.engine.state import GameState, other
from server.live.botplay import bot_command
from server.live.loading import new_room
from server.live.rooms import RoomInfo, event_entries
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side

SCENARIOS = sorted(path.stem for path in RULES_DIR.glob("*.yaml"))


def twin(rules: Ruleset, state: GameState, me: Side, rng: Rng) -> GameState:
    """Return `state` with everything `me` may not see of the other side drawn again."""
    them = other(me)
    hand = state.hands[them]
    pool = rng.shuffled([*hand.cards, *hand.deck])
    objectives = rules.side_objectives(them)
    objective = hand.objective
    if objectives:
        objective = next((o for o in objectives if o != objective), objective)
    hands = dict(state.hands)
    hands[them] = hand.model_copy(
        update={
            "cards": tuple(pool[: len(hand.cards)]),
            "deck": tuple(pool[len(hand.cards) :]),
            "objective": objective,
        }
    )
    variables = dict(state.vars)
    for name, spec in rules.spec.variables.items():
        if spec.scope == them:
            variables[name] = spec.max if variables[name] != spec.max else spec.min
    changes: dict[str, object] = {"hands": hands, "vars": variables}
    betting = state.betting
    if betting is not None:
        bluffable = [c for c in rules.cards if rules.cards[c].side == them and rules.cards[c].bluff]
        face_down = tuple(
            down.model_copy(
                update={"card": next((c for c in bluffable if c != down.card), down.card)}
            )
            if down.side == them
            else down
            for down in betting.face_down
        )
        pending = dict(betting.pending)
        if them in pending:
            pending[them] = Check() if pending[them] != Check() else Fold()
        changes["betting"] = betting.model_copy(update={"face_down": face_down, "pending": pending})
    return state.model_copy(update=changes)


def positions(rules: Ruleset, seed: int, every: int) -> list[tuple[GameState, list[ev.Event]]]:
    """Return some positions of a game played at random, each with the events up to it."""
    game = Game(rules, seed=seed)
    state, log, rng = game.state, list(game.log), Rng(seed)
    found: list[tuple[GameState, list[ev.Event]]] = []
    step = 0
    while not state.finished:
        if step % every == every - 1:
            found.append((state, list(log)))
        move = random_command(rules, state, rng)
        assert move is not None
        state, events = apply(rules, state, *move)
        log.extend(events)
        step += 1
    return found


def choice(name: str, side: Side, rules: Ruleset, state: GameState, log: list[ev.Event]) -> Command:
    bot = make_bot(name, side)
    if bot.observes:
        bot.observe([e for e in (redact(rules, e, side) for e in log) if e is not None])
    return decide(bot, Turn.at(rules, state, side, Rng(state.seq)))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_bot_moves_the_same_whatever_the_other_side_hides(scenario: str) -> None:
    rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
    compared = 0
    for seed in (1, 2):
        for state, log in positions(rules, seed, every=6):
            for side in waiting_sides(state):
                other_world = twin(rules, state, side, Rng(seed))
                assert other_world != state
                assert view(rules, other_world, side) == view(rules, state, side)
                for name in sorted(BOTS):
                    seen = choice(name, side, rules, state, log)
                    assert choice(name, side, rules, other_world, log) == seen, (
                        f"{name} as {side} in {scenario}, seed {seed}, event {state.seq}"
                    )
                    compared += 1
    assert compared > 60


class Recorder:
    """A bot that keeps what it is shown."""

    name = "recorder"
    observes = True

    def __init__(self) -> None:
        self.seen: list[ev.Event] = []

    def observe(self, events: list[ev.Event]) -> None:
        self.seen.extend(events)

    def choose(self, turn: Turn) -> Command:
        return turn.legal[0]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_server_bot_is_shown_only_what_its_seat_may_see(scenario: str) -> None:
    rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
    game = Game(rules, seed=4)
    state, rng = game.state, Rng(4)
    info = RoomInfo("FAIR01", scenario, "en", {}, {"beijing": "planner"}, False, "")
    rooms = [new_room(info, rules, state, 1), new_room(info, rules, state, 1)]
    recorder = Recorder()
    rooms[0].bots["beijing"] = recorder
    rooms[1].bots["beijing"] = make_bot("planner", "beijing")  # no clock: the same each time
    shown: list[ev.Event] = []
    while not state.finished:
        move = random_command(rules, state, rng)
        assert move is not None
        seat, command = move
        state, events = apply(rules, state, seat, command)
        for room in rooms:
            room.advance(event_entries(room.n, seat.side, command, events), state)
        shown.extend(e for e in (redact(rules, e, "beijing") for e in events) if e is not None)
        if "beijing" in waiting_sides(state):
            # The server's own bot, fed as the room feeds it, moves as it would in a world
            # where Washington holds other cards, another objective and other stockpiles.
            real = bot_command(rooms[1], "beijing")
            rooms[1].state = twin(rules, state, "beijing", Rng(state.seq))
            assert bot_command(rooms[1], "beijing") == real, f"event {state.seq}"
            rooms[1].state = state
    assert recorder.seen == shown
