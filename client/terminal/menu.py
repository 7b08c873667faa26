"""The move menu: what you may do now (from the server's `options`), numbered, with what you may
not do and why; the command each item sends, and a proposal's numbers changed as typed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from rich.panel import Panel
from rich.text import Text

from client.terminal.names import Names
from client.terminal.refusals import refusal
from client.terminal.words import WORDS
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
from server.engine.legal import Options, Refused
from server.ruleset.model import Ruleset

MENU_GRACE = 1.0
"""Seconds a line may have been typed for: a number entered this soon after the menu changed
may have been chosen from the menu before (unless you entered another line in between)."""


@dataclass
class Item:
    """One line of the menu: a command, or why it cannot be sent now."""

    label: str
    command: Command | None
    refused: Refused | None = None
    term: str | None = None
    style: str = ""


@dataclass
class Shown:
    """A menu as drawn: its numbered items, from when, and whether you chose from it."""

    at: float
    """When it was drawn (monotonic)."""
    labels: list[str]
    used: bool = False
    """You sent a command from it: a number typed after that is for the menu that answers."""


class Menu:
    """The menu last drawn for one player seat, and the few drawn before it."""

    def __init__(self, names: Names, me: str) -> None:
        self.names = names
        self.me = me
        self.items: list[Item] = []
        self.shown: list[Shown] = []
        """The menus drawn, oldest first (a new one when the numbered items change)."""
        self.most = 1
        """How many cards the phase lets a side raise with at once (`cards_per_turn`)."""

    def deal_names(self, ids: list[int], view: dict[str, Any]) -> str:
        deals = [d for d in view.get("deals", []) if d["id"] in ids]
        terms = [self.names.term_name(t["term"]) for d in deals for t in d["terms"]]
        return self.names.series(terms) or self.names.series(map(str, ids))

    def build(self, options: Options, view: dict[str, Any]) -> list[Item]:
        names = self.names
        rules = names.rules
        proposal = view.get("proposal")
        pid = int(proposal["id"]) if proposal else 0
        w = names.words
        items: list[Item] = []

        def simple(kind: str, command: Command) -> None:
            if kind in options.actions:
                items.append(Item(w[kind], command, options.actions[kind]))

        if view.get("phase_kind") == "betting":
            simple("check", Check())
            simple("call", Call())
            simple("call_bluff", CallBluff())
            for card, refused in options.play.items():
                spec = rules.cards.get(card)
                cost = names.w("cost_stake", cost=spec.cost, stake=spec.stake) if spec else ""
                label = f"{w['play']} {names.card_title(card)}{cost}"
                if card in options.breaks:  # allowed, but it ends deals in force
                    label += names.w("breaks", deals=self.deal_names(options.breaks[card], view))
                items.append(Item(label, PlayCards(cards=[card]), refused, style="bold"))
            for card, refused in options.bluff.items():
                label = f"{w['bluff']} {names.card_title(card)}"
                items.append(Item(label, Bluff(card=card), refused))
            simple("fold", Fold())
        else:
            countering = proposal is not None and proposal["side"] != self.me
            if proposal is not None:
                simple("accept", AcceptDeal(proposal=pid))
                simple("reject", RejectDeal(proposal=pid))
            simple("pass", PassTalks())
            if proposal is not None and proposal["side"] == self.me:
                simple("withdraw", WithdrawDeal(proposal=pid))
            for term, refused in options.terms.items():
                term_spec = rules.terms.get(term)
                params = {k: p.default for k, p in term_spec.params.items()} if term_spec else {}
                shown = ", ".join(f"{k}={v}" for k, v in params.items())
                verb = w["counter"] if countering else w["propose"]
                label = f"{verb} {names.term_name(term)}" + (f" ({shown})" if shown else "")
                label += names.w("hands", n=options.deal_rounds)
                choice = [TermChoice(term=term, params=params)]
                command: Command = (
                    CounterDeal(proposal=pid, terms=choice, rounds=options.deal_rounds)
                    if countering
                    else ProposeDeal(terms=choice, rounds=options.deal_rounds)
                )
                items.append(Item(label, command, refused, term=term))
        return items

    def update(self, options: Options, view: dict[str, Any]) -> None:
        """Make the menu the one for `options` (about to be drawn), noting when it changed."""
        self.items = self.build(options, view)
        self.most = cards_per_turn(self.names.rules, view)
        labels = [item.label for item in self.available()]
        last = self.shown[-1] if self.shown else None
        if last is None or last.used or labels != last.labels:
            self.shown = [*self.shown[-15:], Shown(time.monotonic(), labels)]

    def chosen(self) -> None:
        """You sent a command from the menu drawn last."""
        if self.shown:
            self.shown[-1].used = True

    def panel(self) -> Panel:
        lines = Text()
        number = 0
        blocked: list[Item] = []
        for item in self.items:
            if item.refused is not None:
                blocked.append(item)
                continue
            number += 1
            lines.append(f" {number:>2}  ", "bold cyan")
            lines.append(item.label + "\n", item.style)
        for item in blocked:
            assert item.refused is not None
            if item.refused.code == "not_bluffable":
                continue  # the hand's "bluff" column says which cards can be
            lines.append("  ✗  ", "dim red")
            why = refusal(self.names, item.refused.code, item.refused.message, self.me)
            lines.append(f"{item.label} — {why}\n", "dim")
        example = self.example() or self.together_example()
        if example:
            lines.append(f"  {example}\n", "dim")
        return Panel(lines, title=self.names.w("menu"), border_style="cyan")

    def example(self) -> str:
        """How to change a proposal's numbers, with the first proposal of the menu."""
        rules = self.names.rules
        for number, item in enumerate(self.available(), 1):
            spec = rules.terms.get(item.term) if item.term else None
            if spec is not None:
                params = " ".join(f"{k}={p.min}" for k, p in list(spec.params.items())[:2])
                low, high = rules.scenario.deal_rounds
                example = " ".join(filter(None, [str(number), params, f"hands={high}"]))
                return self.names.w("example", example=example, low=low, high=high)
        return ""

    def together_example(self) -> str:
        """How to raise with several cards at once, where the phase allows it: their numbers."""
        most = self.most
        plays = [n for n, item in enumerate(self.available(), 1) if _plays(item)]
        if most < 2 or len(plays) < 2:
            return ""
        return self.names.w("together", example=" ".join(map(str, plays[:2])), n=most)

    def together(self, numbers: list[int]) -> PlayCards:
        """One raise with the cards of menu items `numbers` (each a card played face up), at most
        the phase's `cards_per_turn`; whether the server takes them together (their cost…) it
        says when they are sent."""
        items = self.available()
        cards: list[str] = []
        for number in numbers:
            command = items[number - 1].command
            if not isinstance(command, PlayCards):
                raise ParamError("together_plays", str(number))
            cards += command.cards
        if len(numbers) > self.most:
            raise ParamError("together_most", str(self.most))
        if len(set(numbers)) < len(numbers):
            twice = next(n for n in numbers if numbers.count(n) > 1)
            raise ParamError("together_twice", str(twice))
        return PlayCards(cards=cards)

    def available(self) -> list[Item]:
        return [item for item in self.items if item.refused is None]

    def find(self, kind: str) -> Item | None:
        """The item a word such as `check` or `accept` stands for (not a proposal)."""
        for item in self.items:
            if item.command is not None and item.command.type == kind and item.term is None:
                return item
        return None

    def changed_under_you(self, number: int, since: float, typed: float) -> bool:
        """Whether `number`, typed from `since` until it was entered at `typed` (monotonic),
        may have been chosen from a menu in which it stood for another item than it does now
        (the other side moved as you typed, or you typed ahead of the menu that answers your
        last move): better to ask again than to accept a deal you never saw.

        The menus you may have chosen from are the one on screen at `since` and those drawn
        until `typed`; left out, when another is among them, one you already chose from (the
        number is for the menu that answered) and one that offered nothing."""
        seen = [shown for shown in self.shown if shown.at <= since][-1:]
        seen += [shown for shown in self.shown if since < shown.at <= typed]
        chosen_from = [shown for shown in seen if not shown.used and shown.labels] or seen
        now = [item.label for item in self.available()]
        return any(
            len(shown.labels) < number or shown.labels[number - 1] != now[number - 1]
            for shown in chosen_from
        )


def cards_per_turn(rules: Ruleset, view: dict[str, Any]) -> int:
    """How many cards a side may raise with at once in the phase of `view` (1 but in betting)."""
    if view.get("phase_kind") != "betting":
        return 1
    return next((p.cards_per_turn for p in rules.phases if p.id == view.get("phase")), 1)


def _plays(item: Item) -> bool:
    return isinstance(item.command, PlayCards)


class ParamError(ValueError):
    """A proposal's parameters typed wrong: `key` names the phrase that says how (words.py)."""

    def __init__(self, key: str, word: str = "") -> None:
        super().__init__(WORDS["en"][key].format(word=word))
        self.key, self.word = key, word


def with_params(command: Command, extra: list[str]) -> Command:
    """`command` (a proposal) with the parameters typed after its number: name=number, and
    `hands=N` for how long the deal runs (`rounds=N` too, unless the term has a parameter of
    that name: the truce extension's hands added)."""
    if not isinstance(command, ProposeDeal | CounterDeal):
        raise ParamError("param_only")
    params = dict(command.terms[0].params)
    rounds = command.rounds
    for word in extra:
        key, sep, number = word.partition("=")
        if not sep or not number.lstrip("-").isdigit():
            raise ParamError("param_form", word)
        if key == "hands" or (key == "rounds" and key not in params):
            rounds = int(number)
        else:
            params[key] = int(number)
    terms = [TermChoice(term=command.terms[0].term, params=params)]
    return command.model_copy(update={"terms": terms, "rounds": rounds})
