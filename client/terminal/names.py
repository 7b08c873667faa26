"""Names in the player's language: the interface's phrases, and the rules' sides, cards, terms
and variables (with their values written as the scenario says: a percent, a flag, weeks)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from client.rules import text
from client.terminal.words import BUILTIN, WORDS, plural
from server.game.narrate import Language
from server.game.values import WORDS as VALUE_WORDS
from server.game.values import value_text
from server.protocol.base import plain
from server.replay.told import bot_name
from server.ruleset.model import Ruleset


class Names:
    """Says the ids of one ruleset, and the interface's phrases, in one language."""

    def __init__(self, rules: Ruleset, lang: Language = "en") -> None:
        self.rules = rules
        self.lang: Language = lang
        self.words = WORDS[lang]

    def w(self, key: str, **args: object) -> str:
        """A phrase of the interface in the player's language."""
        return plural(self.words[key].format(**args))

    def t(self, value: object) -> str:
        return text(value, self.lang)

    def side_name(self, side: str) -> str:
        spec = self.rules.spec.sides.get(side)  # type: ignore[call-overload]
        return self.t(spec.name) if spec is not None else side

    def seat_name(self, seat: str) -> str:
        """A seat in people's words: "Beijing", "Beijing's Vice Premier" (北京副總理)."""
        side, _, role_id = seat.partition(":")
        spec = self.rules.spec.sides.get(side)  # type: ignore[call-overload]
        role = next((r for r in spec.roles if r.id == role_id), None) if spec else None
        if role is None:
            return self.side_name(side) if not role_id else seat
        between = "" if self.lang == "zh" else "'s "
        return f"{self.side_name(side)}{between}{self.t(role.name)}"

    def card_name(self, card: str) -> str:
        spec = self.rules.cards.get(card)
        return self.t(spec.name) if spec is not None else card

    def card_title(self, card: str) -> str:
        """A card of the hand by the title the web page gives it (client/web/text.js
        `cardTitle`): its name as the rules write it, as the log and `brink replay` name it."""
        return self.card_name(card)

    def term_name(self, term: str) -> str:
        spec = self.rules.terms.get(term)
        return self.t(spec.name) if spec is not None else term

    def value(self, name: str, value: int) -> str:
        """A variable's value as the scenario writes it (`brink replay` says it alike)."""
        return value_text(self.rules, name, value, self.lang)

    def variable(self, name: str) -> str:
        spec = self.rules.spec.variables.get(name)
        return self.t(spec.name) if spec is not None else name

    def is_flag(self, name: str) -> bool:
        spec = self.rules.spec.variables.get(name)
        return spec is not None and spec.kind == "flag"

    @property
    def colon(self) -> str:
        """After a label: ": ", or the full-width colon in Chinese."""
        return "：" if self.lang == "zh" else ": "

    @property
    def comma(self) -> str:
        """Between values: ", ", or the full-width comma in Chinese."""
        return "，" if self.lang == "zh" else ", "

    def series(self, items: Iterable[str], sep: str = ", ") -> str:
        """Names one after another: joined by `sep`, or by "、" in Chinese."""
        return ("、" if self.lang == "zh" else sep).join(items)

    def player(self, holder: str) -> str:
        """Who holds a seat, as the web page names them: a player by their name, a server bot
        ("bot:planner_strong") by its own ("bot Planner (strong)", "電腦 謀略家（困難）")."""
        if holder.startswith("bot:"):
            return bot_name(holder[4:], self.lang)
        return plain(holder)

    def aside(self, text: str) -> str:
        """`text` in brackets after a name: " (Ada)", or "（Ada）" in Chinese."""
        return f"（{text}）" if self.lang == "zh" else f" ({text})"

    def deal_text(self, terms: list[dict[str, Any]], rounds: int | None = None) -> str:
        """A deal's terms with their parameters, by the rules' names ("TikTok deal (US
        investors' share 80)"; they were told by their ids, "us_share 80")."""
        zh = self.lang == "zh"
        parts = []
        for choice in terms:
            spec = self.rules.terms.get(choice["term"])
            said = [
                f"{self.t(spec.params[k].name) if spec and k in spec.params else k} {v}"
                for k, v in choice.get("params", {}).items()
            ]
            name = self.term_name(choice["term"])
            if not said:
                parts.append(name)
            else:
                parts.append(
                    f"{name}（{'，'.join(said)}）" if zh else f"{name} ({', '.join(said)})"
                )
        length = self.w("for_hands", n=rounds) if rounds is not None else ""
        return ("；" if zh else "; ").join(parts) + length

    def condition(self, expression: str) -> str:
        """Say a rule's condition in people's words: the rules' names of variables (a flag's
        `== 1` as "yes"), the counters', and ≥ ≤ = ≠ for the operators."""

        def name(match: re.Match[str]) -> str:
            word, compared, value = match[1], match[2] or "", match[3]
            if compared and self.is_flag(word):  # `controls == 1`: "controls: yes"
                flag = VALUE_WORDS[self.lang]["on" if value == "1" else "off"]
                return f"{self.variable(word)}{self.colon}{flag}"
            if word in self.rules.spec.variables:
                return self.variable(word) + compared
            return BUILTIN[self.lang].get(word, word) + compared

        said = re.sub(r"\b([a-z][a-z0-9_]*)( == ([01])\b)?", name, expression)
        for symbol, shown in ((">=", "≥"), ("<=", "≤"), ("!=", "≠"), ("==", "=")):
            said = said.replace(symbol, shown)
        return said

    def humane(self, message: str) -> str:
        """Say a refusal with the names of cards, variables and terms instead of their ids, and
        a condition it names ("X needs EXPR") in people's words."""
        what, needs, condition = message.partition(" needs ")
        if needs and re.fullmatch(r"[a-z][a-z0-9_]*", what):
            named = self.card_title(what) if what in self.rules.cards else self.term_name(what)
            return self.w("needs", what=f"‘{named}’", condition=self.condition(condition))

        def name(match: re.Match[str]) -> str:
            word = match.group(0)
            if word in self.rules.cards:
                return f"‘{self.card_title(word)}’"
            if word in self.rules.terms:
                return f"‘{self.term_name(word)}’"
            if word in self.rules.spec.variables:
                return self.variable(word)
            return word

        return re.sub(r"\b[a-z][a-z0-9_]*\b", name, message)
