"""`brink simulate`: bot-vs-bot games, headless. The same arguments print the same output."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from server.bots import BOTS, make_bot
from server.engine.errors import RuleFailed
from server.game.cliargs import whole_number
from server.game.match import MatchResult, play_match
from server.ruleset.expr import EvaluationFailed
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES
from server.ruleset.source import RuleCheckFailed

PROGRESS_FROM = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", required=True, metavar="FILE", help="a scenario file")
    parser.add_argument(
        "--games", type=_positive, default=100, metavar="N", help="games to play (default 100)"
    )
    parser.add_argument(
        "--seed",
        type=_seed,
        default=0,
        metavar="S",
        help="the first game's seed; game i plays seed S+i (default 0)",
    )
    bots = ", ".join(sorted(BOTS))
    for side in ("washington", "beijing"):
        parser.add_argument(
            f"--{side}",
            choices=sorted(BOTS),
            default="random",
            metavar="BOT",
            help=f"the bot playing {side.capitalize()} (default random): {bots}",
        )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--narrate", choices=("en", "zh"), help="print each game's events in plain language"
    )


def _positive(text: str) -> int:
    value = _natural(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


_natural = whole_number("a whole number", 0, "must not be negative: {value}")
SEEDS = 2**63
"""The engine's `start` takes a seed below 2**63 (server/engine/commands.py)."""


def _seed(text: str) -> int:
    value = _natural(text)
    if value >= SEEDS:
        raise argparse.ArgumentTypeError(f"a seed is below 2**63 ({SEEDS}), not {text}")
    return value


@dataclass(slots=True)
class Tally:
    """What many games add up to."""

    games: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    winners: Counter[str] = field(default_factory=Counter)
    scores: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SIDES, 0))
    rounds: int = 0
    actions: int = 0

    def add(self, result: MatchResult) -> None:
        state = result.state
        self.games += 1
        self.outcomes[state.outcome or "unfinished"] += 1
        us, cn = state.scores["washington"], state.scores["beijing"]
        self.winners["washington" if us > cn else "beijing" if cn > us else "tie"] += 1
        for side in SIDES:
            self.scores[side] += state.scores[side]
        self.rounds += state.round
        self.actions += result.actions

    def summary(self) -> dict[str, Any]:
        n = self.games
        return {
            "games": n,
            "outcomes": {k: round(v / n, 4) for k, v in sorted(self.outcomes.items())},
            "wins": {k: round(self.winners[k] / n, 4) for k in ("washington", "beijing", "tie")},
            "mean_score": {side: round(self.scores[side] / n, 2) for side in SIDES},
            "mean_hands": round(self.rounds / n, 2),
            "mean_actions": round(self.actions / n, 2),
        }


class GameFailed(Exception):
    """A game stopped by a rule whose expression has no value: what rule, where, which game."""


def _played(rules: Ruleset, bots: dict[str, Any], seed: int) -> MatchResult:
    """Return the game played strictly (any rule that fails stops it): GameFailed if one did."""
    try:
        return play_match(rules, bots, seed, strict=True)  # type: ignore[arg-type]
    except RuleFailed as error:
        raise GameFailed(f"{error.message} (the game of seed {seed})") from None
    except EvaluationFailed as error:  # met by a bot weighing its moves
        used = ", ".join(users(rules, error.source)) or "a rule"
        raise GameFailed(f"{used}: {error} (the game of seed {seed})") from None


def users(rules: Ruleset, source: str) -> list[str]:
    """Return the rules that use the expression `source`, each with the field that holds it
    (`card boom (effects[0].add.x)`, `scenario intro (scoring.washington)`)."""
    found: list[str] = []

    def walk(node: Any, owner: str, field: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                owner, field = f"{owner} {node['id']}", ""
            for key, value in node.items():
                walk(value, owner, f"{field}.{key}" if field else str(key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, owner, f"{field}[{index}]")
        elif node == source:
            found.append(f"{owner} ({field})" if field else owner)

    for section, content in rules.spec.model_dump(exclude_none=True).items():
        walk(content, _SECTIONS.get(section, section), "")
    return found


_SECTIONS = {
    "cards": "card",
    "news": "news",
    "instructor_news": "instructor news",
    "deal_terms": "deal term",
    "objectives": "objective",
    "sides": "sides",
}


def simulate(
    rules: Ruleset, games: int, seed: int, washington: str, beijing: str, progress: Any = None
) -> Tally:
    """Play `games` games; game i uses seed `seed + i`, so runs are reproducible."""
    tally = Tally()
    for index in range(games):
        bots = {
            "washington": make_bot(washington, "washington"),
            "beijing": make_bot(beijing, "beijing"),
        }
        tally.add(_played(rules, bots, seed + index))
        if progress is not None:
            progress()
    return tally


def run(args: argparse.Namespace) -> int:
    if args.seed + args.games > SEEDS:  # game i plays seed S + i
        last = SEEDS - args.games
        need = f"{args.games} games need one of at most {last}"
        print(f"brink simulate: --seed {args.seed}: {need}", file=sys.stderr)
        return 2
    try:
        rules = load_ruleset(args.rules)
    except RuleCheckFailed as failure:
        for error in failure.errors:
            print(error, file=sys.stderr)
        return 1
    try:
        if args.narrate:
            return _narrate(rules, args)
        tally = _with_progress(rules, args)
    except GameFailed as failed:
        print(f"brink simulate: {args.rules}: {failed}", file=sys.stderr)
        return 1
    summary = tally.summary()
    header = {
        "rules": rules.id,
        "washington": args.washington,
        "beijing": args.beijing,
        "seed": args.seed,
    }
    if args.json:
        print(json.dumps({**header, **summary}, indent=2, sort_keys=True))
    else:
        _print_table(header, summary)
    return 0


def _with_progress(rules: Ruleset, args: argparse.Namespace) -> Tally:
    if args.games < PROGRESS_FROM or not sys.stderr.isatty():
        return simulate(rules, args.games, args.seed, args.washington, args.beijing)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("playing", total=args.games)
        return simulate(
            rules,
            args.games,
            args.seed,
            args.washington,
            args.beijing,
            progress=lambda: bar.advance(task),
        )


def _print_table(header: dict[str, Any], summary: dict[str, Any]) -> None:
    print(
        f"{header['rules']}: {header['washington']} (Washington) vs {header['beijing']} (Beijing),"
        f" {summary['games']} games from seed {header['seed']}"
    )
    print("outcomes:")
    for outcome, share in summary["outcomes"].items():
        print(f"  {outcome:<20} {share:7.1%}")
    wins = summary["wins"]
    print(
        f"wins: Washington {wins['washington']:.1%}, Beijing {wins['beijing']:.1%},"
        f" tie {wins['tie']:.1%}"
    )
    score = summary["mean_score"]
    print(f"mean score: Washington {score['washington']}, Beijing {score['beijing']}")
    print(f"mean length: {summary['mean_hands']} hands, {summary['mean_actions']} actions")


def _narrate(rules: Ruleset, args: argparse.Namespace) -> int:
    from server.game.narrate import Deals, describe

    for index in range(args.games):
        bots = {
            "washington": make_bot(args.washington, "washington"),
            "beijing": make_bot(args.beijing, "beijing"),
        }
        result = _played(rules, bots, args.seed + index)
        print(f"=== game {index + 1} (seed {args.seed + index}) ===")
        deals = Deals()
        for event in result.log:
            line = describe(rules, event, args.narrate, deals)
            if line:
                print(line)
    return 0
