"""A team role's refusals name it as the rules do (`brink play` shows them as they are, in its
menus and replies): "Commerce may not fold", "Treasury may not play us_…", "only the President
may accept a deal" — not the role's id ("the commerce may not fold", "only the side's final say
may accept a deal"). The codes stay `role_not_allowed`."""

from __future__ import annotations

from helpers import RULES_DIR, Game

from server.engine.commands import Check, ProposeDeal, Seat, TermChoice
from server.engine.legal import Refused, options
from server.engine.talks import final_say_refusal
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side


def classroom() -> Game:
    return Game(load_ruleset(RULES_DIR / "classroom.yaml"), seed=1)


def role(message: str) -> Refused:
    return Refused(code="role_not_allowed", message=message)


def test_a_role_refused_an_action_or_a_card_is_named_as_the_rules_name_it() -> None:
    game = classroom()  # the betting, chosen in secret
    commerce = options(game.rules, game.state, Seat(side="washington", role="commerce"))
    assert commerce.actions["fold"] == role("Commerce may not fold")
    ministry = options(game.rules, game.state, Seat(side="beijing", role="commerce_ministry"))
    assert ministry.actions["fold"] == role("Ministry of Commerce may not fold")
    treasury = options(game.rules, game.state, Seat(side="washington", role="treasury"))
    barred = [card for card in treasury.play if "treasury" not in game.rules.cards[card].roles]
    barred = [card for card in barred if game.rules.cards[card].roles]
    assert barred, treasury.play  # the seed deals Washington a card the Treasury may not play
    for card in barred:  # the card by its id, as the other refusals name cards
        assert treasury.play[card] == role(f"Treasury may not play {card}")
        assert treasury.bluff[card] == role(f"Treasury may not play {card}")

    game.act("washington", Check(), role="president")
    game.act("beijing", Check(), role="leader")
    assert game.state.talks is not None and not game.state.talks.closed
    commerce = options(game.rules, game.state, Seat(side="washington", role="commerce"))
    assert commerce.actions["pass"] == role("Commerce may not negotiate deals")


def test_a_role_without_the_final_say_is_told_who_has_it() -> None:
    game = classroom()
    game.act("washington", Check(), role="president")
    game.act("beijing", Check(), role="leader")
    treasury = Seat(side="washington", role="treasury")
    terms = options(game.rules, game.state, treasury).terms
    offer = next(term for term, why in terms.items() if why is None)
    game.act_as(treasury, ProposeDeal(terms=[TermChoice(term=offer)], rounds=2))
    vice_premier = options(game.rules, game.state, Seat(side="beijing", role="vice_premier"))
    assert vice_premier.actions["accept"] == role("only the Leader may accept a deal")
    assert vice_premier.actions["reject"] is None
    leader = options(game.rules, game.state, Seat(side="beijing", role="leader"))
    assert leader.actions["accept"] is None


def with_final_say(rules: Ruleset, side: Side, final: set[str]) -> Ruleset:
    """`rules` with the final say given to the roles `final` of `side` (and to no other)."""
    roles = [
        r.model_copy(update={"final_say": r.id in final}) for r in rules.spec.sides[side].roles
    ]
    sides = {**rules.spec.sides, side: rules.spec.sides[side].model_copy(update={"roles": roles})}
    return Ruleset(rules.spec.model_copy(update={"sides": sides}))


def test_the_final_say_of_several_roles_or_of_none_is_said_too() -> None:
    rules = load_ruleset(RULES_DIR / "classroom.yaml")
    said = {
        frozenset({"president"}): "only the President may accept a deal",
        frozenset(
            {"president", "treasury"}
        ): "only the President or the Treasury may accept a deal",
        frozenset({"president", "treasury", "commerce"}): (
            "only the President, the Treasury or the Commerce may accept a deal"
        ),
        frozenset(): "no role of this side may accept a deal",
    }
    for final, message in said.items():
        refusal = final_say_refusal(with_final_say(rules, "washington", set(final)), "washington")
        assert (refusal.code, refusal.message) == ("role_not_allowed", message)
    # made once per ruleset and side: the options meet it for every state a role is waited on in
    assert final_say_refusal(rules, "beijing") is final_say_refusal(rules, "beijing")
