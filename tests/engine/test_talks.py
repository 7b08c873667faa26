"""Talks: proposals, counters, acceptance, enforcement of deals in force."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR, Game, stacked

from server.engine import SYSTEM, initial_state, refusal, waiting_sides
from server.engine import events as ev
from server.engine.commands import (
    AcceptDeal,
    Call,
    Check,
    CounterDeal,
    PassTalks,
    PlayCards,
    ProposeDeal,
    RejectDeal,
    Seat,
    StartGame,
    TermChoice,
    WithdrawDeal,
)
from server.engine.decide import apply
from server.engine.errors import IllegalCommand
from server.engine.legal import options
from server.engine.talks import _pending
from server.ruleset.loader import load_ruleset

TRUCE = [TermChoice(term="truce")]


def at_talks() -> Game:
    game = stacked()
    game.act("washington", Check())
    game.act("beijing", Check())
    assert game.state.phase == "talks"
    return game


def proposal_id(game: Game) -> int:
    assert game.state.talks is not None and game.state.talks.proposal is not None
    return game.state.talks.proposal.id


def test_proposals_are_only_made_in_talks() -> None:
    refused = stacked().refused("washington", ProposeDeal(terms=TRUCE, rounds=2))
    assert refused == "wrong_phase"


def test_beijing_accepting_a_truce_sets_tariffs_from_its_parameters() -> None:
    game = at_talks()
    terms = [TermChoice(term="truce", params={"on_china": 40})]
    game.act("washington", ProposeDeal(terms=terms, rounds=2))
    events = game.act("beijing", AcceptDeal(proposal=proposal_id(game)))
    struck = next(e for e in events if isinstance(e, ev.DealStruck))
    assert struck.terms[0].params == {"on_china": 40, "on_us": 10}
    assert struck.expires_after == 2
    assert (game.vars["tariff_on_china"], game.vars["tariff_on_us"]) == (40, 10)
    assert game.state.counters["deals_struck"] == 1


def test_a_side_cannot_accept_its_own_proposal() -> None:
    game = at_talks()
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=2))
    assert game.refused("washington", AcceptDeal(proposal=proposal_id(game))) == "own_proposal"


def test_answering_a_proposal_when_there_is_none_is_refused_and_changes_nothing() -> None:
    # The checks return this refusal rather than raise it (errors.ok): each decider must still
    # refuse, and the state stay as it was.
    game = at_talks()
    before = game.state
    for command in (
        AcceptDeal(proposal=1),
        RejectDeal(proposal=1),
        WithdrawDeal(proposal=1),
        CounterDeal(proposal=1, terms=TRUCE, rounds=2),
    ):
        assert game.refused("beijing", command) == "no_proposal", command
    assert game.state is before


def test_a_refusal_the_checks_keep_is_raised_as_a_fresh_copy_each_time() -> None:
    # The options share the refusals they meet most (errors.Refusals); a decider raising one
    # must not hand every caller the same exception object (its traceback, its context).
    game = at_talks()
    raised = []
    for _ in range(2):
        with pytest.raises(IllegalCommand) as caught:
            apply(game.rules, game.state, Seat(side="beijing"), AcceptDeal(proposal=1))
        raised.append(caught.value)
    assert raised[0] is not raised[1]
    assert raised[0].code == raised[1].code == "no_proposal"
    assert game.state.talks is not None
    kept = _pending(game.state.talks, 1)  # what the check returns, and the options keep
    assert isinstance(kept, IllegalCommand) and kept.code == "no_proposal"
    assert kept is _pending(game.state.talks, 1) and all(kept is not r for r in raised)
    assert kept.__traceback__ is None, "never raised itself"


def test_a_stale_proposal_id_is_refused() -> None:
    game = at_talks()
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=2))
    assert game.refused("beijing", AcceptDeal(proposal=999)) == "stale_proposal"


def test_a_counter_replaces_the_proposal_on_the_table() -> None:
    game = at_talks()
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=2))
    first = proposal_id(game)
    game.act("beijing", CounterDeal(proposal=first, terms=TRUCE, rounds=1))
    second = proposal_id(game)
    assert second != first
    assert game.refused("beijing", AcceptDeal(proposal=second)) == "own_proposal"
    game.act("washington", AcceptDeal(proposal=second))
    assert game.state.deals[0].expires_after == 1


def test_a_counter_with_the_very_proposal_on_the_table_stays_legal() -> None:
    """The web page does not offer it (its Counter button says why), but the engine still
    takes it: games kept before were played with it (bots chose it), and every replay checks
    its log against the engine move by move. Refused now, those games would no longer open."""
    game = at_talks()
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=2))
    first = proposal_id(game)
    same = [TermChoice(term="truce", params={"on_china": 30, "on_us": 10})]
    assert (
        refusal(
            game.rules,
            game.state,
            Seat(side="beijing"),
            CounterDeal(proposal=first, terms=same, rounds=2),
        )
        is None
    )
    game.act("beijing", CounterDeal(proposal=first, terms=TRUCE, rounds=2))
    assert proposal_id(game) != first
    assert game.state.talks is not None and game.state.talks.proposals == 2


def test_rejecting_and_withdrawing_clear_the_table() -> None:
    game = at_talks()
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=2))
    assert game.refused("washington", RejectDeal(proposal=proposal_id(game))) == "own_proposal"
    game.act("beijing", RejectDeal(proposal=proposal_id(game)))
    assert game.state.talks is not None and game.state.talks.proposal is None
    game.act("beijing", ProposeDeal(terms=TRUCE, rounds=2))
    refused = game.refused("washington", WithdrawDeal(proposal=proposal_id(game)))
    assert refused == "not_your_proposal"
    game.act("beijing", WithdrawDeal(proposal=proposal_id(game)))
    assert game.state.talks is not None and game.state.talks.proposal is None


def test_only_one_proposal_may_be_on_the_table() -> None:
    game = at_talks()
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=2))
    assert game.refused("beijing", ProposeDeal(terms=TRUCE, rounds=2)) == "proposal_pending"


def test_a_hand_allows_only_so_many_proposals() -> None:
    game = at_talks()
    for _ in range(3):
        game.act("washington", ProposeDeal(terms=TRUCE, rounds=2))
        game.act("beijing", RejectDeal(proposal=proposal_id(game)))
    assert game.refused("washington", ProposeDeal(terms=TRUCE, rounds=2)) == "proposal_limit"


def test_bad_terms_are_refused_with_a_reason() -> None:
    game = at_talks()
    cases = [
        ([TermChoice(term="no_such_term")], 2, "unknown_term"),
        ([TermChoice(term="truce", params={"colour": 1})], 2, "unknown_param"),
        ([TermChoice(term="truce", params={"on_china": 500})], 2, "param_out_of_range"),
        ([TermChoice(term="truce"), TermChoice(term="truce")], 2, "duplicate_term"),
        ([TermChoice(term="magnets")], 2, "term_not_available"),
        (TRUCE, 9, "bad_rounds"),
    ]
    for terms, rounds, code in cases:
        assert game.refused("washington", ProposeDeal(terms=terms, rounds=rounds)) == code


def test_a_term_already_in_force_cannot_be_agreed_again() -> None:
    game = at_talks()
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=2))
    game.act("beijing", AcceptDeal(proposal=proposal_id(game)))
    assert game.refused("beijing", ProposeDeal(terms=TRUCE, rounds=2)) == "term_in_force"


def test_only_the_final_say_may_accept_for_a_team() -> None:
    game = at_talks()
    game.act("beijing", ProposeDeal(terms=TRUCE, rounds=2))
    accept = AcceptDeal(proposal=proposal_id(game))
    assert game.refused("washington", accept, role="treasury") == "role_not_allowed"
    game.act("washington", accept, role="president")
    assert len(game.state.deals) == 1


def test_talks_close_when_both_pass_and_an_open_proposal_lapses() -> None:
    game = at_talks()
    game.act("washington", PassTalks())
    assert game.refused("washington", PassTalks()) == "already_passed"
    game.act("beijing", ProposeDeal(terms=TRUCE, rounds=2))
    game.act("washington", PassTalks())
    events = game.act("beijing", PassTalks())
    assert game.types(events)[:2] == ["talks_passed", "deal_lapsed"]
    assert game.state.round == 2
    assert game.state.deals == ()


def test_the_options_warn_which_cards_would_break_a_deal_in_force() -> None:
    game = at_talks()
    assert options(game.rules, game.state, Seat(side="washington")).breaks == {}
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=3))
    game.act("beijing", AcceptDeal(proposal=proposal_id(game)))
    game.act("washington", PassTalks())
    game.act("beijing", PassTalks())
    deal = game.state.deals[0].id
    hand = set(game.state.hands["washington"].cards)
    found = options(game.rules, game.state, Seat(side="washington")).breaks
    # the truce forbids tariffs to both sides: every tariff in the hand, and nothing else
    tariffs = {card for card in hand if "tariff" in game.rules.cards[card].tags}
    assert tariffs and found == {card: [deal] for card in tariffs}
    assert set(found) < hand
    seen = options(game.rules, game.state, Seat(side="washington")).play
    assert seen["us_tariff"] is None, "a warning, not a refusal"
    events = game.act("washington", PlayCards(cards=["us_tariff"]))
    assert [e.deal for e in events if isinstance(e, ev.DealBroken)] == [deal]


def test_playing_a_forbidden_card_breaks_the_deal_and_costs_credibility() -> None:
    game = at_talks()
    game.act("washington", ProposeDeal(terms=TRUCE, rounds=3))
    game.act("beijing", AcceptDeal(proposal=proposal_id(game)))
    game.act("washington", PassTalks())
    game.act("beijing", PassTalks())
    assert game.state.to_act == "washington"
    events = game.act("washington", PlayCards(cards=["us_tariff"]))
    broken = [e for e in events if isinstance(e, ev.DealBroken)]
    assert broken == [ev.DealBroken(deal=broken[0].deal, side="washington", card="us_tariff")]
    assert game.state.deals == ()
    assert game.vars["us_credibility"] == 30
    assert game.state.counters["breaches_washington"] == 1


@pytest.mark.parametrize(
    ("scenario", "limit"), [("classroom", "1 proposal"), ("intro", "2 proposals")]
)
def test_the_proposal_limit_reads_as_a_sentence(scenario: str, limit: str) -> None:
    rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
    state = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=1))[0]
    while state.talks is None:  # check or call to the talks
        side = waiting_sides(state)[0]
        facing = state.betting is not None and state.betting.facing
        state = apply(rules, state, Seat(side=side), Call() if facing else Check())[0]
    most = rules.phases[state.phase_index].max_proposals
    state = state.model_copy(update={"talks": state.talks.model_copy(update={"proposals": most})})
    proposal = ProposeDeal(terms=[TermChoice(term=next(iter(rules.terms)))], rounds=2)
    error = refusal(rules, state, Seat(side="washington"), proposal)
    assert error is not None and error.code == "proposal_limit"
    assert error.message == f"no more than {limit} a hand"
