"""The commands a seat could send now, for bots and for clients that offer only legal moves."""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache
from typing import Any

from server.engine.betting import deals_broken
from server.engine.choices import Options as Options
from server.engine.choices import Refused as Refused
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
    Seat,
    TermChoice,
    WithdrawDeal,
)
from server.engine.decide import CHECKS, Checks, refusal
from server.engine.errors import EngineError
from server.engine.progress import finished
from server.engine.state import GameState
from server.engine.step import Step
from server.ruleset.model import Ruleset


def candidates(rules: Ruleset, state: GameState, seat: Seat) -> list[Command]:
    """Return the commands worth trying for `seat`: one card at a time, one term per proposal."""
    if seat.side == "system" or seat.side == "instructor" or finished(state):
        return []
    if state.betting is not None and not state.betting.closed:
        return list(_betting_options(tuple(sorted(set(state.hands[seat.side].cards)))))
    if state.talks is not None and not state.talks.closed:
        proposal = state.talks.proposal
        low, high = rules.scenario.deal_rounds
        terms = tuple(rules.terms)
        return list(_talks_options(terms, max(low, min(high, 3)), proposal and proposal.id))
    return []


@lru_cache(maxsize=4096)
def _betting_options(cards: tuple[str, ...]) -> tuple[Command, ...]:
    # Commands are frozen values, so one list serves every game holding these cards.
    plays: list[Command] = [PlayCards(cards=[card]) for card in cards]
    bluffs: list[Command] = [Bluff(card=card) for card in cards]
    return (*plays, *bluffs, Check(), Call(), CallBluff(), Fold())


@lru_cache(maxsize=4096)
def _talks_options(
    terms: tuple[str, ...], rounds: int, proposal: int | None
) -> tuple[Command, ...]:
    offers = [[TermChoice(term=term)] for term in terms]
    found: list[Command] = []
    if proposal is None:
        found += [ProposeDeal(terms=terms, rounds=rounds) for terms in offers]
    else:
        found += [AcceptDeal(proposal=proposal), RejectDeal(proposal=proposal)]
        found += [WithdrawDeal(proposal=proposal)]
        found += [CounterDeal(proposal=proposal, terms=t, rounds=rounds) for t in offers]
    return (*found, PassTalks())


def legal_commands(rules: Ruleset, state: GameState, seat: Seat) -> list[Command]:
    """Return the candidate commands the engine would accept from `seat` now."""
    return [c for c in candidates(rules, state, seat) if refusal(rules, state, seat, c) is None]


class Probe:
    """The checks run on one state, shared by the options of several seats (see `options`).
    `earlier`: the probe of an earlier state of the same game, whose answers to the offers of
    deal terms serve this state too where what they read is the same (`_offer_reads`)."""

    def __init__(self, rules: Ruleset, state: GameState, earlier: Probe | None = None) -> None:
        self.rules = rules
        self.state = state
        self.step = Step(rules, state)  # never emits: the checks only read it
        self.rests: dict[tuple[Hashable, ...], Refused | None] = {}
        self.offers: dict[tuple[int | None, int], Offers] = {}
        if earlier is not None and earlier.rules is rules and len(earlier.offers) < 8:
            self.offers = earlier.offers  # a few a game (a counter's are by proposal)


Offers = tuple[tuple[Any, ...], dict[str, "Refused | None"]]
"""The answers to a side's offers of each deal term, with what they read of the state."""


def _offer_reads(state: GameState, side: str, counter: int | None) -> tuple[Any, ...]:
    """Everything the checks of an offer of one term read past their opening (talks.py's
    `may_propose` and `may_counter`, `checked_terms`, the names `Step.holds` gives a term's
    `requires`): the proposal on the table and the hand's count of them, the phase (its
    limit), the deals in force, the variables and counters, the round and the stake — and the
    side, for a counter (its own proposal may not be countered). A proposal's answers do not
    depend on the side: both sides share them. Any read added to those checks belongs here
    (tests/engine/test_options_checks.py compares them with dry runs, state after state)."""
    talks, betting = state.talks, state.betting
    return (
        None if talks is None else talks.proposal,
        0 if talks is None else talks.proposals,
        state.phase_index,
        state.deals,
        state.vars,
        state.counters,
        state.round,
        state.rounds,
        0 if betting is None else betting.stake,
        None if counter is None else side,
    )


def options(rules: Ruleset, state: GameState, seat: Seat, probe: Probe | None = None) -> Options:
    """Return every action `seat` could take now, each with None or why it would be refused
    (what `refusal` says, found by running each command's checks without deciding it: the
    checks a kind of command opens with run once for all its commands, and a `probe` of the
    same state lets the seats of a side share the checks that do not depend on the seat)."""
    return Options(**option_fields(rules, state, seat, probe))


def option_fields(
    rules: Ruleset, state: GameState, seat: Seat, probe: Probe | None = None
) -> dict[str, Any]:
    """Return `options`' fields, not yet made into the model (viewjson.options_json serialises
    them as they are)."""
    if probe is None or probe.state is not state or probe.rules is not rules:
        probe = Probe(rules, state)
    ask = _Asker(probe, seat)
    talks = state.talks
    proposal = talks.proposal if talks is not None else None
    pid = proposal.id if proposal is not None else 0
    low, high = rules.scenario.deal_rounds
    rounds = max(low, min(high, 3))
    side = seat.side
    hand = [] if side == "system" or side == "instructor" else sorted(set(state.hands[side].cards))
    counter = pid if proposal is not None and proposal.side != seat.side else None
    # The commands are frozen values: built once and shared, as the answers' Refused are.
    return {
        "actions": {command.type: ask.why(command, command.type) for command in _simple(pid)},
        "play": ask.each(hand, [_play(card) for card in hand], ("play",)),
        "bluff": ask.each(hand, [_bluff(card) for card in hand], ("bluff",)),
        "terms": ask.offers(counter, rounds),
        "deal_rounds": rounds,
        "breaks": _breaks(rules, state, seat, hand),
    }


class _Asker:
    """The checks of one seat's options on one state (`option_fields`): the checks a kind of
    command opens with run once for all its commands, and the seats of a side share through
    the probe the answers that do not depend on the seat. (A class, not closures over
    `option_fields`' locals: closures that call each other form a reference cycle, which
    kept each state's probe, step and state alive until the garbage collector's next pass —
    ~20 cyclic objects an action, freed in the collector's pauses.)"""

    def __init__(self, probe: Probe, seat: Seat) -> None:
        self.probe = probe
        self.step = probe.step
        self.rests = probe.rests
        self.seat = seat
        self.opened: dict[str, Any] = {}
        self.alone = seat.role is None

    def opening(self, checks: Checks) -> Any:
        """What the kind's opening check returned (or the error it raised), run once a kind."""
        opened = self.opened
        found = opened.get(checks.kind, opened)
        if found is opened:
            try:
                found = checks.opening(self.step, self.seat)  # returned or raised: kept
            except EngineError as error:
                found = error.with_traceback(None)  # kept: no cycle through this frame
            opened[checks.kind] = found
        return found

    def why(self, command: Command, key: Hashable) -> Refused | None:
        checks = CHECKS[command.type]
        found = self.opening(checks)
        if isinstance(found, EngineError):
            return _refused(found.code, found.message)
        return self.rest_of(checks, found, command, key)

    def rest_of(
        self, checks: Checks, found: Any, command: Command, key: Hashable
    ) -> Refused | None:
        """The answer for `command` past its kind's opening (`found`), shared by the seats
        whose side and seat key are the same (a side's own seat, without a role, shares with
        none: its answers are not kept)."""
        if self.alone:
            return self.rest(checks, found, command)
        rests = self.rests
        shared = (key, found[0], checks.seat_key(self.step, self.seat, command, found))
        answer = rests.get(shared, rests)
        if answer is rests:
            answer = rests[shared] = self.rest(checks, found, command)
        return answer  # type: ignore[return-value]

    def rest(self, checks: Checks, found: Any, command: Command) -> Refused | None:
        try:
            result = checks.rest(self.step, self.seat, command, found)
        except EngineError as error:
            return _refused(error.code, error.message)
        return _refused(result.code, result.message) if isinstance(result, EngineError) else None

    def each(
        self, keys: list[str], commands: list[Command], tag: tuple[Any, ...]
    ) -> dict[str, Refused | None]:
        """The answers for `commands` (of one kind), by their `keys`: the kind's opening
        looked up once — when it fails, none needs checking on its own (talks in betting,
        cards in talks)."""
        if not keys:
            return {}
        checks = CHECKS[commands[0].type]
        found = self.opening(checks)
        if isinstance(found, EngineError):
            return dict.fromkeys(keys, _refused(found.code, found.message))
        pairs = zip(keys, commands, strict=True)
        if self.alone:
            return {key: self.rest_of(checks, found, command, None) for key, command in pairs}
        return {key: self.rest_of(checks, found, command, (*tag, key)) for key, command in pairs}

    def offers(self, counter: int | None, rounds: int) -> dict[str, Refused | None]:
        """The answers to offers of each term: past the talks' opening (which depends on the
        seat), those of an earlier state whose reads are the same, else worked out."""
        probe = self.probe
        terms = list(probe.rules.terms)
        if not terms or isinstance(self.opening(CHECKS["propose"]), EngineError):
            return self._offers(terms, counter, rounds)
        reads = _offer_reads(probe.state, self.seat.side, counter)
        kept = probe.offers.get((counter, rounds))
        if kept is not None and kept[0] == reads:
            return kept[1]
        answers = self._offers(terms, counter, rounds)
        probe.offers[(counter, rounds)] = (reads, answers)
        return answers

    def _offers(
        self, terms: list[str], counter: int | None, rounds: int
    ) -> dict[str, Refused | None]:
        commands = [_offer(term, counter, rounds) for term in terms]
        return self.each(terms, commands, ("offer", counter, rounds))


def _breaks(rules: Ruleset, state: GameState, seat: Seat, hand: list[str]) -> dict[str, list[int]]:
    """Return, for each card of `hand` that would break deals in force, their ids."""
    side = seat.side
    if side == "system" or side == "instructor" or not state.deals:
        return {}
    found = {card: deals_broken(rules, state, side, rules.cards[card]) for card in hand}
    return {card: broken for card, broken in found.items() if broken}


@lru_cache(maxsize=1024)
def _simple(pid: int) -> tuple[Command, ...]:
    return (
        Check(),
        Call(),
        CallBluff(),
        Fold(),
        PassTalks(),
        AcceptDeal(proposal=pid),
        RejectDeal(proposal=pid),
        WithdrawDeal(proposal=pid),
    )


@lru_cache(maxsize=4096)
def _play(card: str) -> Command:
    return PlayCards(cards=[card])


@lru_cache(maxsize=4096)
def _bluff(card: str) -> Command:
    return Bluff(card=card)


@lru_cache(maxsize=4096)
def _offer(term: str, counter: int | None, rounds: int) -> Command:
    """Return a proposal of `term` alone, or a counter to proposal `counter` with it."""
    chosen = [TermChoice(term=term)]
    if counter is not None:
        return CounterDeal(proposal=counter, terms=chosen, rounds=rounds)
    return ProposeDeal(terms=chosen, rounds=rounds)


_REFUSED: dict[tuple[str, str], Refused] = {}


def _refused(code: str, message: str) -> Refused:
    """The answer for a refusal, made once (a plain dict: a call through lru_cache's wrapper
    cost the options more than the lookup)."""
    key = (code, message)
    found = _REFUSED.get(key)
    if found is None:
        if len(_REFUSED) >= 4096:  # messages name the rules' cards and terms: bounded anyway
            _REFUSED.clear()
        found = _REFUSED[key] = Refused(code=code, message=message)
    return found
