"""Engine benchmark: prints numbers, asserts nothing. Run: python bench/engine.py [--games N]

For each scenario and bot pairing, on one core:
- bot play: actions/s of whole bot-vs-bot games (each action = the bot choosing among legal
  commands, then the engine deciding and evolving);
- engine only: the same games' commands applied again without the bots (decide + evolve);
and the time to replay and verify 10,000 events (fold `evolve` over logs, compare final states).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Run as `python bench/engine.py`, this folder comes first on sys.path, and bench/server.py
# would shadow the `server` package: take the folder off before importing it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

from server.bots import make_bot  # noqa: E402
from server.engine import apply, initial_state, replay  # noqa: E402
from server.game.match import MatchResult, play_match  # noqa: E402
from server.ruleset.loader import load_ruleset  # noqa: E402
from server.ruleset.model import Ruleset  # noqa: E402

RULES = Path(__file__).resolve().parent.parent / "rules"
SCENARIOS = ("intro", "classroom", "full_2025")
PAIRINGS = [("random", "random"), ("hawk", "dove"), ("tit_for_tat", "tit_for_tat")]


def play(rules: Ruleset, washington: str, beijing: str, seed: int) -> MatchResult:
    bots = {
        "washington": make_bot(washington, "washington"),
        "beijing": make_bot(beijing, "beijing"),
    }
    return play_match(rules, bots, seed)  # type: ignore[arg-type]


def engine_only(rules: Ruleset, results: list[MatchResult]) -> float:
    """Return the seconds taken to apply every recorded command again, without bots."""
    start = time.perf_counter()
    for result in results:
        state = initial_state(rules)
        for seat, command in result.commands:
            state, _ = apply(rules, state, seat, command)
    return time.perf_counter() - start


def bot_play(games: int) -> None:
    print(f"one core, {games} games per row; actions = commands applied (bots' moves)")
    print(
        f"  {'scenario':<10} {'pairing':<26} {'bot play':>10} {'engine only':>12}"
        f" {'events/s':>10} {'ms/game':>8}"
    )
    for scenario in SCENARIOS:
        rules = load_ruleset(RULES / f"{scenario}.yaml")
        for washington, beijing in PAIRINGS:
            start = time.perf_counter()
            results = [play(rules, washington, beijing, seed) for seed in range(games)]
            elapsed = time.perf_counter() - start
            actions = sum(r.actions for r in results)
            events = sum(len(r.log) for r in results)
            bare = engine_only(rules, results)
            print(
                f"  {scenario:<10} {washington + ' v ' + beijing:<26}"
                f" {actions / elapsed:>8,.0f}/s {actions / bare:>10,.0f}/s"
                f" {events / elapsed:>10,.0f} {1000 * elapsed / games:>8.2f}"
            )


def replay_verify(target: int = 10_000) -> None:
    rules = load_ruleset(RULES / "full_2025.yaml")
    results: list[MatchResult] = []
    while sum(len(r.log) for r in results) < target:
        results.append(play(rules, "random", "random", len(results)))
    total = sum(len(r.log) for r in results)
    start = time.perf_counter()
    for result in results:
        assert replay(initial_state(rules), result.log) == result.state
    elapsed = time.perf_counter() - start
    print(
        f"replay and verify: {total:,} events ({len(results)} full_2025 games) in"
        f" {elapsed * 1000:.0f} ms = {elapsed * 1000 * 10_000 / total:.0f} ms per 10,000 events"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Engine benchmark (prints numbers).")
    parser.add_argument("--games", type=int, default=200, help="games per row")
    args = parser.parse_args()
    bot_play(args.games)
    replay_verify()


if __name__ == "__main__":
    main()
