"""Events in plain language, in English or traditional Chinese."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from server.engine import events as ev
from server.engine.commands import TermChoice
from server.game.values import value_text, variable_name
from server.ruleset.model import Ruleset

Language = Literal["en", "zh"]
Say = Callable[[Ruleset, Any, Language], str | None]

SIDE_NAMES = {
    "en": {"washington": "Washington", "beijing": "Beijing"},
    "zh": {"washington": "華盛頓", "beijing": "北京"},
}


def _side(rules: Ruleset, side: str, lang: Language) -> str:
    spec = rules.spec.sides.get(side)  # type: ignore[call-overload]
    return str(getattr(spec.name, lang)) if spec is not None else SIDE_NAMES[lang][side]


def _card(rules: Ruleset, card: str, lang: Language) -> str:
    spec = rules.cards.get(card)
    return getattr(spec.name, lang) if spec is not None else card


def _pick(lang: Language, en: str, zh: str) -> str:
    return en if lang == "en" else zh


def _round(rules: Ruleset, e: ev.RoundStarted, lang: Language) -> str:
    return _pick(
        lang,
        f"— Hand {e.round} of {rules.scenario.rounds} —",
        f"— 第 {e.round} 局（共 {rules.scenario.rounds} 局）—",
    )


def _news(rules: Ruleset, e: ev.NewsDrawn, lang: Language) -> str:
    news = rules.news[e.news]
    name, text = str(getattr(news.name, lang)), str(getattr(news.text, lang))
    return _pick(lang, "News: ", "新聞：") + name + " — " + text


def _injected(rules: Ruleset, e: ev.NewsInjected, lang: Language) -> str:
    head = _pick(lang, "News from the instructor: ", "老師發布的新聞：")
    if e.news is not None:
        news = rules.news[e.news]
        return head + f"{getattr(news.name, lang)} — {getattr(news.text, lang)}"
    effects = [
        str(getattr(rules.instructor_news[item].name, lang))
        for item in e.effects
        if item in rules.instructor_news
    ]
    if not effects:
        return head + (e.text or "")
    if lang == "zh":
        return head + (e.text or "") + f"（{'；'.join(effects)}）"
    return head + (e.text or "") + f" ({'; '.join(effects)})"


def _variables(rules: Ruleset, e: ev.VariablesChanged, lang: Language) -> str | None:
    # each value as the scenario writes it (`34%`, a flag `on`/`off`, `7 wk`), as `brink
    # replay` and the web page tell it: not the bare number (a flag's 0 or 1); the rules'
    # bookkeeping (`internal`) is not told (None if that is all the event changed)
    parts = [
        f"{variable_name(rules, name, lang)} {value_text(rules, name, value, lang)}"
        for name, value in e.values.items()
        if name not in rules.internal
    ]
    return "  · " + _pick(lang, ", ", "，").join(parts) if parts else None


def _played(rules: Ruleset, e: ev.CardPlayed, lang: Language) -> str:
    who, card = _side(rules, e.side, lang), _card(rules, e.card, lang)
    return _pick(lang, f"{who} plays {card}.", f"{who}打出「{card}」。")


def _face_down(rules: Ruleset, e: ev.CardPlayedFaceDown, lang: Language) -> str:
    who = _side(rules, e.side, lang)
    return _pick(lang, f"{who} puts a card face down: a threat.", f"{who}蓋下一張牌：一個威脅。")


def _raised(rules: Ruleset, e: ev.StakeRaised, lang: Language) -> str:
    return _pick(lang, f"  The stake rises to {e.stake}.", f"  賭注升至 {e.stake}。")


def _stays(e: ev.StakeRaised, lang: Language) -> str:
    """A raise by a card of stake 0: the stake is where it was."""
    return _pick(lang, f"  The stake stays at {e.stake}.", f"  賭注仍為 {e.stake}。")


def _simple(en: str, zh: str) -> Say:
    def say(rules: Ruleset, e: Any, lang: Language) -> str:
        who = _side(rules, e.side, lang)
        return _pick(lang, en.format(who=who), zh.format(who=who))

    return say


def _revealed(rules: Ruleset, e: ev.CardRevealed, lang: Language) -> str:
    who, card = _side(rules, e.side, lang), _card(rules, e.card, lang)
    if e.backed:
        return _pick(
            lang, f"{who} shows {card}: the threat was real.", f"{who}亮牌「{card}」：威脅是真的。"
        )
    return _pick(
        lang, f"{who} shows {card}: a bluff without the means.", f"{who}亮牌「{card}」：虛張聲勢。"
    )


def _folded(rules: Ruleset, e: ev.Folded, lang: Language) -> str:
    who = _side(rules, e.side, lang)
    if e.forced:
        return _pick(
            lang, f"{who} cannot bear the pressure and folds.", f"{who}承受不住壓力，被迫棄牌。"
        )
    return _pick(lang, f"{who} folds.", f"{who}棄牌。")


def _won(rules: Ruleset, e: ev.HandWon, lang: Language) -> str:
    who = _side(rules, e.side, lang)
    return _pick(
        lang, f"{who} wins the hand (stake {e.stake}).", f"{who}贏得這一局（賭注 {e.stake}）。"
    )


def _terms(rules: Ruleset, terms: list[Any], lang: Language) -> str:
    parts = []
    for choice in terms:
        term = rules.terms.get(choice.term)
        name = getattr(term.name, lang) if term is not None else choice.term
        specs = term.params if term is not None else {}
        params = ", ".join(
            f"{getattr(specs[k].name, lang) if k in specs else k} {v}"
            for k, v in choice.params.items()
        )
        if params and lang == "zh":
            parts.append(f"{name}（{params.replace(', ', '，')}）")
        else:
            parts.append(f"{name} ({params})" if params else name)
    return _pick(lang, "; ", "；").join(parts)


def _proposed(rules: Ruleset, e: ev.DealProposed, lang: Language) -> str:
    who, terms = _side(rules, e.side, lang), _terms(rules, e.terms, lang)
    verb = _pick(lang, "counters" if e.counters else "proposes", "還價" if e.counters else "提議")
    return _pick(
        lang,
        f"{who} {verb}: {terms} for {e.rounds} hand{'' if e.rounds == 1 else 's'}.",
        f"{who}{verb}：{terms}，為期 {e.rounds} 局。",
    )


def _struck(rules: Ruleset, e: ev.DealStruck, lang: Language) -> str:
    terms = _terms(rules, e.terms, lang)
    # it runs out as hand `expires_after` is settled (struck in hand 1 for 2 hands: at the end
    # of hand 2); one that outlasts the game lasts to its end (as the web board says)
    if e.expires_after > rules.scenario.rounds:
        return _pick(
            lang,
            f"Deal struck: {terms} (in force until the end of the game).",
            f"達成協議：{terms}（有效至遊戲結束）。",
        )
    return _pick(
        lang,
        f"Deal struck: {terms} (in force until the end of hand {e.expires_after}).",
        f"達成協議：{terms}（有效至第 {e.expires_after} 局結束）。",
    )


class Deals:
    """The deals struck in the events told so far, by id (the engine's: the accepted proposal's),
    with their number in the order they were struck (1, 2, …: the number people are shown), and
    those still in force: a broken deal is told by its name. One for each game told, following
    every event `describe` is given, in order."""

    def __init__(self) -> None:
        self.terms: dict[int, list[TermChoice]] = {}
        """The deals in force, by id."""
        self.numbers: dict[int, int] = {}
        """Every deal struck so far, by id: its number in the order of striking."""
        self.stake: int | None = None
        """The betting's stake as told so far (None before a betting phase was told)."""

    def follow(self, event: ev.Event) -> None:
        if isinstance(event, ev.PhaseStarted | ev.StakeRaised):
            self.stake = event.stake
        elif isinstance(event, ev.DealStruck):
            self.terms[event.deal] = list(event.terms)
            self.numbers[event.deal] = len(self.numbers) + 1
        elif isinstance(event, ev.DealBroken | ev.DealExpired):
            self.terms.pop(event.deal, None)
        elif isinstance(event, ev.GameStarted):
            self.terms.clear()
            self.numbers.clear()


def _deal_name(rules: Ruleset, terms: list[TermChoice], lang: Language) -> str:
    """A deal's name: its terms' names, as the rules name them ("TikTok deal + Tariff truce")."""
    names = []
    for choice in terms:
        term = rules.terms.get(choice.term)
        names.append(str(getattr(term.name, lang)) if term is not None else choice.term)
    return " + ".join(names)


def _deal_label(rules: Ruleset, deal: int, lang: Language, deals: Deals | None) -> str:
    """A deal told by its name ("the deal ‘Tariff truce’"; with its number in the order struck
    too if another deal in force has the same name; "a deal" if it was struck before the events
    told). Never by its id, the proposal's, which people were not shown ("deal 3" for the first)."""
    if deals is None or deal not in deals.terms:
        return _pick(lang, "a deal", "一項協議")
    name = _deal_name(rules, deals.terms[deal], lang)
    twin = name in (_deal_name(rules, t, lang) for d, t in deals.terms.items() if d != deal)
    number = deals.numbers[deal]
    return _pick(
        lang,
        f"the deal ‘{name}’{f' (deal {number})' if twin else ''}",
        f"協議「{name}」{f'（協議 {number}）' if twin else ''}",
    )


def _broken(rules: Ruleset, e: ev.DealBroken, lang: Language, deals: Deals | None) -> str:
    who, card = _side(rules, e.side, lang), _card(rules, e.card, lang)
    deal = _deal_label(rules, e.deal, lang, deals)
    return _pick(
        lang, f"{who} breaks {deal} by playing {card}.", f"{who}打出「{card}」，違反{deal}。"
    )


def _expired(rules: Ruleset, e: ev.DealExpired, lang: Language, deals: Deals | None) -> str:
    deal = _deal_label(rules, e.deal, lang, deals)
    return _pick(lang, f"{deal[0].upper()}{deal[1:]} expires.", f"{deal}到期。")


def _extended(rules: Ruleset, e: ev.DealsExtended, lang: Language) -> str:
    hands = f"{e.rounds} hand{'' if e.rounds == 1 else 's'}"
    return _pick(lang, f"Deals extended by {hands}.", f"協議延長 {e.rounds} 局。")


def _timed_out(rules: Ruleset, e: ev.TimedOut, lang: Language) -> str:
    sides = [_side(rules, side, lang) for side in e.sides]
    return _pick(lang, f"Time is up for {' and '.join(sides)}.", f"時間到：{'、'.join(sides)}。")


def _lasting_ended(rules: Ruleset, e: ev.LastingEffectEnded, lang: Language) -> str:
    card = _card(rules, e.card, lang)
    return _pick(lang, f"The lasting effect of {card} ends.", f"「{card}」的持續效果結束。")


def _said(en: str, zh: str) -> Say:
    def say(rules: Ruleset, e: Any, lang: Language) -> str:
        return _pick(lang, en, zh)

    return say


def _ended(rules: Ruleset, e: ev.GameEnded, lang: Language) -> str:
    outcome = rules.outcomes[e.outcome]
    between = _pick(lang, ", ", "，")
    scores = between.join(f"{_side(rules, s, lang)} {v}" for s, v in e.scores.items())
    name = str(getattr(outcome.name, lang))
    return _pick(lang, "Game over: ", "遊戲結束：") + name + f" — {scores}"


SAYINGS: dict[str, Say] = {
    "round_started": _round,
    "news_drawn": _news,
    "news_injected": _injected,
    "variables_changed": _variables,
    "card_played": _played,
    "card_played_face_down": _face_down,
    "stake_raised": _raised,
    "checked": _simple("{who} checks.", "{who}過牌。"),
    "called": _simple("{who} calls.", "{who}跟注。"),
    "bluff_called": _simple("{who} calls the bluff!", "{who}要求亮牌！"),
    "card_revealed": _revealed,
    "folded": _folded,
    "hand_won": _won,
    "deal_proposed": _proposed,
    "deal_rejected": _simple("{who} rejects the proposal.", "{who}拒絕提議。"),
    "deal_withdrawn": _simple("{who} withdraws the proposal.", "{who}撤回提議。"),
    "deal_struck": _struck,
    "deal_lapsed": _said("The proposal lapses.", "提議失效。"),
    "deals_extended": _extended,
    "talks_passed": _simple("{who} passes in the talks.", "{who}結束談判。"),
    "talks_closed": _said("Talks are over.", "談判結束。"),
    "timed_out": _timed_out,
    "lasting_effect_ended": _lasting_ended,
    "game_ended": _ended,
}


def describe(
    rules: Ruleset, event: ev.Event, lang: Language = "en", deals: Deals | None = None
) -> str | None:
    """Return one line telling `event` to a person, or None for bookkeeping events. `deals`, the
    game's deals as told so far, names a deal broken or expiring (else it is "a deal"), and
    follows `event`."""
    if isinstance(event, ev.DealBroken):
        said: str | None = _broken(rules, event, lang, deals)
    elif isinstance(event, ev.DealExpired):
        said = _expired(rules, event, lang, deals)
    elif isinstance(event, ev.StakeRaised) and deals is not None and deals.stake == event.stake:
        said = _stays(event, lang)
    else:
        say = SAYINGS.get(event.type)
        said = say(rules, event, lang) if say is not None else None
    if deals is not None:
        deals.follow(event)
    return said
