"""A variable's value as the scenario writes it — a percent (`34%`), a flag (`off`/`on`), weeks
(`7 wk`) — and a change as `before → now`, in English or Chinese. `brink play`
(client/terminal/narration.py) and `brink replay` (server/replay/show.py) both tell values and
changes with this, as the web page does (client/web/narrate.js): `US tariff on China 0% → 34%`,
not the bare number (`brink replay` said `US tariff on China 34`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from server.engine import events as ev
from server.ruleset.model import Ruleset

Language = Literal["en", "zh"]
WORDS = {
    "en": {
        "on": "on",
        "off": "off",
        "weeks": "{n} wk",
        "unknown_before": "{variable} → {value} (the value before is not known)",
    },
    "zh": {
        "on": "是",
        "off": "否",
        "weeks": "{n} 週",
        "unknown_before": "{variable} → {value}（之前的值不明）",
    },
}


def variable_name(rules: Ruleset, name: str, lang: Language) -> str:
    """A variable by the rules' name for it in `lang` (its id if the rules lack it)."""
    spec = rules.spec.variables.get(name)
    if spec is None:
        return name
    return str(getattr(spec.name, lang, None) or getattr(spec.name, "en", name))


def value_text(rules: Ruleset, name: str, value: int, lang: Language) -> str:
    """`value` of variable `name` as the scenario writes it: `34%`, `on`, `7 wk`, `100`."""
    spec = rules.spec.variables.get(name)
    kind = spec.kind if spec is not None else "number"
    if kind == "percent":
        return f"{value}%"
    if kind == "flag":
        return WORDS[lang]["on" if value else "off"]
    if kind == "weeks":
        return WORDS[lang]["weeks"].format(n=value)
    return str(value)


class Values:
    """The variables' values as the events told so far, to tell each change `before → now`."""

    def __init__(self, rules: Ruleset, lang: Language) -> None:
        self.rules, self.lang = rules, lang
        self.now: dict[str, int] = {}
        """The values as told so far, by variable."""

    def begin(self, events: Iterable[ev.Event | None]) -> None:
        """Know the values before `events` are told: the rules' initial values when they hold
        the game's start (`game_started`, played with these rules), as every change since is
        in them; else none (a change is told saying the value before is not known)."""
        started = next((e for e in events if e is not None and e.type == "game_started"), None)
        known = started is not None and getattr(started, "rules_hash", None) == self.rules.hash
        specs = self.rules.spec.variables.items()
        self.now = {name: spec.initial for name, spec in specs} if known else {}

    def change(self, name: str, value: int) -> str:
        """`US tariff on China 0% → 34%`; the value as it was if it did not change."""
        rules, lang = self.rules, self.lang
        before = self.now.get(name)
        self.now[name] = value
        variable, now = variable_name(rules, name, lang), value_text(rules, name, value, lang)
        if before is None:
            return WORDS[lang]["unknown_before"].format(variable=variable, value=now)
        if before == value:
            return f"{variable} {now}"
        return f"{variable} {value_text(rules, name, before, lang)} → {now}"

    def line(self, event: ev.VariablesChanged) -> str | None:
        """The line for an event that changed variables: `  · A 0% → 34%, B off → on`; the
        rules' bookkeeping (`internal`) is followed but not told: None if that is all."""
        comma = "，" if self.lang == "zh" else ", "
        told = [self.change(k, v) for k, v in event.values.items()]
        shown = [
            said for said, k in zip(told, event.values, strict=True) if k not in self.rules.internal
        ]
        return "  · " + comma.join(shown) if shown else None
