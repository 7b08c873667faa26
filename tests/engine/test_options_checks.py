"""`options` runs each command's checks (decide.CHECKS) instead of a dry run of its decider,
sharing across seats what does not depend on the seat: for every seat, role and state of random
games it must say exactly what `refusal` says."""

from __future__ import annotations

import random

import pytest
from helpers import RULES_DIR, table

from server.engine import SYSTEM, Command, GameState, Seat, apply, initial_state, refusal
from server.engine.commands import (
    AcceptDeal,
    CounterDeal,
    ProposeDeal,
    RejectDeal,
    StartGame,
    Timeout,
    WithdrawDeal,
)
from server.engine.decide import CHECKS
from server.engine.errors import EngineError
from server.engine.events import DealBroken
from server.engine.legal import (
    Options,
    Probe,
    Refused,
    _bluff,
    _offer,
    _play,
    _simple,
    candidates,
    legal_commands,
    options,
)
from server.engine.step import Step
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES

SCENARIOS = ["intro", "classroom", "full_2025"]


def by_dry_run(rules: Ruleset, state: GameState, seat: Seat) -> Options:
    """Return what `options` must return, found the slow way: one dry run per command."""

    def why(command: Command) -> Refused | None:
        error = refusal(rules, state, seat, command)
        return None if error is None else Refused(code=error.code, message=error.message)

    talks = state.talks
    proposal = talks.proposal if talks is not None else None
    pid = proposal.id if proposal is not None else 0
    low, high = rules.scenario.deal_rounds
    rounds = max(low, min(high, 3))
    side = seat.side
    hand = [] if side == "system" or side == "instructor" else sorted(set(state.hands[side].cards))
    counter = proposal is not None and proposal.side != seat.side
    play = {card: why(_play(card)) for card in hand}
    return Options(
        actions={command.type: why(command) for command in _simple(pid)},
        play=play,
        bluff={card: why(_bluff(card)) for card in hand},
        terms={term: why(_offer(term, pid if counter else None, rounds)) for term in rules.terms},
        deal_rounds=rounds,
        breaks={
            card: broken
            for card in hand
            if (broken := deals_broken_by(rules, state, seat, card, play[card] is None))
        },
    )


def deals_broken_by(
    rules: Ruleset, state: GameState, seat: Seat, card: str, playable: bool
) -> list[int]:
    """The deals in force whose terms forbid one of `card`'s tags to the seat's side; when the
    card may be played now and takes effect at once (alternating betting; in simultaneous
    betting it does when both sides have chosen), exactly the deals the engine breaks."""
    if playable and state.to_act is not None:
        events = apply(rules, state, seat, _play(card))[1]
        return [event.deal for event in events if isinstance(event, DealBroken)]
    side = seat.side
    return [
        deal.id
        for deal in state.deals
        if side != "system"
        and side != "instructor"
        and any(
            tag in rules.cards[card].tags
            for term in deal.terms
            for tag in rules.terms[term.term].forbids.get(side, [])
        )
    ]


def seats(rules: Ruleset) -> list[Seat]:
    found = [SYSTEM, Seat(side="washington", role="nobody")]
    for side in SIDES:
        spec = rules.spec.sides.get(side)
        roles = spec.roles if spec is not None else []
        found += [Seat(side=side), *(Seat(side=side, role=role.id) for role in roles)]
    return found


def rulesets() -> list[Ruleset]:
    return [table(), *(load_ruleset(RULES_DIR / f"{name}.yaml") for name in SCENARIOS)]


@pytest.mark.parametrize("rules", rulesets(), ids=["table", *SCENARIOS])
def test_options_say_what_a_dry_run_of_each_command_says(rules: Ruleset) -> None:
    chooser = random.Random(rules.id)
    everyone = seats(rules)
    for game in range(4):
        state = initial_state(rules)
        for seat in everyone:
            assert options(rules, state, seat) == by_dry_run(rules, state, seat)
        state, _ = apply(rules, state, SYSTEM, StartGame(seed=game))
        chained: Probe | None = None
        for _ in range(400):
            probe = Probe(rules, state)  # shared by the seats, as a room shares it
            # A room's probe keeps the answers to offers of terms of the states before it.
            chained = Probe(rules, state, chained)
            for seat in everyone:
                expected = by_dry_run(rules, state, seat)
                assert options(rules, state, seat, probe) == expected, seat
                assert options(rules, state, seat, chained) == expected, seat
                assert options(rules, state, seat) == expected, seat
            if state.finished:
                break
            moves = [(s, c) for s in everyone[2:] for c in legal_commands(rules, state, s)]
            if not moves or chooser.random() < 0.03:
                moves = [(SYSTEM, Timeout(turn=state.turn))]
            seat, command = chooser.choice(moves)
            state, _ = apply(rules, state, seat, command)
        assert state.finished


def checked(rules: Ruleset, state: GameState, seat: Seat, command: Command) -> EngineError | None:
    """What the command's checks (decide.CHECKS) find, returned or raised, without its decider."""
    checks = CHECKS[command.type]
    step = Step(rules, state)
    try:
        opened = checks.opening(step, seat)
        if isinstance(opened, EngineError):
            return opened
        found = checks.rest(step, seat, command, opened)
    except EngineError as error:
        return error
    return found if isinstance(found, EngineError) else None


def answers(state: GameState, command: Command) -> list[Command]:
    """`command` and what the options never offer: answers to a proposal that is not (or no
    longer) on the table, a counter to one's own."""
    talks = state.talks
    proposal = talks.proposal if talks is not None else None
    stale = (proposal.id if proposal is not None else 0) + 1
    found = [command]
    if isinstance(command, AcceptDeal | RejectDeal | WithdrawDeal):
        found.append(type(command)(proposal=stale))
    if isinstance(command, ProposeDeal | CounterDeal):
        found += [
            CounterDeal(proposal=pid, terms=command.terms, rounds=command.rounds)
            for pid in ({stale, proposal.id} if proposal is not None else {stale})
        ]
    return found


@pytest.mark.parametrize("rules", rulesets(), ids=["table", *SCENARIOS])
def test_every_decider_raises_a_fresh_copy_of_what_its_checks_return(rules: Ruleset) -> None:
    # The checks return their common refusals (errors.ok): a decider that used one as a value
    # would accept a command that must be refused, or fail with another error. Every command the
    # options try (those of the other phase too), and the answers they never try, for every
    # seat of random games.
    chooser = random.Random(rules.id)
    everyone = seats(rules)[2:]
    met: set[str] = set()
    for game in range(2):
        state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=game))
        while not state.finished:
            for seat in everyone:
                pid = state.talks.proposal.id if state.talks and state.talks.proposal else 0
                for tried in [*candidates(rules, state, seat), *_simple(pid)]:
                    for command in answers(state, tried):
                        found = checked(rules, state, seat, command)
                        refused = refusal(rules, state, seat, command)
                        if found is None:
                            assert refused is None, (seat, command, refused)
                            continue
                        met.add(found.code)
                        assert refused is not None, (seat, command, found)
                        assert (refused.code, refused.message) == (found.code, found.message)
                        assert refused is not found, "a kept refusal raised itself"
                        with pytest.raises(EngineError) as raised:
                            apply(rules, state, seat, command)
                        assert raised.value is not found and raised.value.code == found.code
            moves = [(s, c) for s in everyone for c in legal_commands(rules, state, s)]
            if not moves or chooser.random() < 0.03:
                moves = [(SYSTEM, Timeout(turn=state.turn))]
            seat, command = chooser.choice(moves)
            state, _ = apply(rules, state, seat, command)
    assert {"stale_proposal", "no_proposal", "own_proposal", "wrong_phase"} <= met, met
