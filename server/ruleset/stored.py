"""Rules stored with a game, held to the checks of a rule file.

A record carries its rules, and reading it checks only that they are rules at all (their
schema: `Ruleset.from_json`), so that a game played before a check existed still replays. A
record made elsewhere (imported) has rules nobody here has checked: before a live room plays
on under them (a "what if"), they pass the checks `brink rules check` holds a scenario file to
(`cross_check`), or the room is not made.
"""

from __future__ import annotations

from collections import OrderedDict

from server.ruleset.checks import cross_check
from server.ruleset.messages import dotted
from server.ruleset.model import Ruleset
from server.ruleset.source import PathKey, RuleError

_CHECKED: OrderedDict[str, tuple[str, ...]] = OrderedDict()
"""Rules hash -> what checking them found (rules never change: checked once)."""
KEPT = 64


def rule_problems(rules: Ruleset) -> tuple[str, ...]:
    """Return every problem `brink rules check` would find in these rules were they a scenario
    file, each as `field: what is wrong` (they have no file or line: JSON in a record)."""
    found = _CHECKED.get(rules.hash)
    if found is None:

        def error_at(where: PathKey, message: str, *, named: bool = False) -> RuleError:
            told = f"{dotted(where)}: {message}" if named else message
            return RuleError("rules", 1, 1, told)

        errors = cross_check(rules.spec, error_at)
        found = _CHECKED[rules.hash] = tuple(dict.fromkeys(e.message for e in errors))
        while len(_CHECKED) > KEPT:
            _CHECKED.popitem(last=False)
    _CHECKED.move_to_end(rules.hash)
    return found


def refused_to_play(rules: Ruleset, imported: bool) -> str | None:
    """Return why no live room may play on under these rules (a fork), or None: rules the
    engine cannot play on (`Ruleset.unplayable`), and an imported record's rules that fail the
    checks of a rule file."""
    if rules.unplayable is not None:
        return f"this game's rules cannot be played on: {rules.unplayable}"
    problems = rule_problems(rules) if imported else ()
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return (
            "this game was imported, and its rules fail the checks of a rule file "
            f"(`brink rules check`): {problems[0]}{more}"
        )
    return None
