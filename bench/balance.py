"""The balance matrix: every bot against every bot on each scenario, via `brink simulate`'s
own code. Prints a Markdown table per scenario (Washington's bot down, Beijing's across; each
cell: Washington wins / Beijing wins, ties are the rest). Uses every core.

    python bench/balance.py --games 1000 [--scenarios intro classroom full_2025] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

# Run as `python bench/balance.py`, this folder comes first on sys.path, and bench/server.py
# would shadow the `server` package: take the folder off before importing it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from server.bots import BOTS  # noqa: E402
from server.game.simulate import simulate  # noqa: E402
from server.ruleset.loader import load_ruleset  # noqa: E402

RULES = Path(__file__).resolve().parent.parent / "rules"
ORDER = ["random", "hawk", "dove", "tit_for_tat", "planner"]


def cell(job: tuple[str, str, str, int, int]) -> tuple[str, str, str, dict[str, Any]]:
    scenario, washington, beijing, games, seed = job
    rules = load_ruleset(RULES / f"{scenario}.yaml")
    return (
        scenario,
        washington,
        beijing,
        simulate(rules, games, seed, washington, beijing).summary(),
    )


def table(scenario: str, results: dict[tuple[str, str], dict[str, Any]], bots: list[str]) -> str:
    lines = [
        f"**{scenario}** — Washington's bot (rows) vs Beijing's bot (columns):"
        " Washington wins / Beijing wins",
        "",
        "| W \\ B | " + " | ".join(bots) + " |",
        "|---|" + "---|" * len(bots),
    ]
    for washington in bots:
        cells = []
        for beijing in bots:
            wins = results[(washington, beijing)]["wins"]
            cells.append(f"{wins['washington']:.0%} / {wins['beijing']:.0%}")
        lines.append(f"| {washington} | " + " | ".join(cells) + " |")
    outcomes: dict[str, float] = {}
    for summary in results.values():
        for outcome, share in summary["outcomes"].items():
            outcomes[outcome] = outcomes.get(outcome, 0) + share / len(results)
    mix = ", ".join(f"{k} {v:.0%}" for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1]))
    lines += ["", f"Outcomes over all cells: {mix}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Bot-vs-bot balance matrix.")
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scenarios", nargs="+", default=["intro", "classroom", "full_2025"])
    parser.add_argument("--bots", nargs="+", default=ORDER, choices=sorted(BOTS))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    jobs = [
        (scenario, w, b, args.games, args.seed)
        for scenario in args.scenarios
        for w in args.bots
        for b in args.bots
    ]
    jobs.sort(key=lambda job: "planner" in job[1:3], reverse=True)  # long ones first
    start = time.perf_counter()
    results: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    with ProcessPoolExecutor() as pool:
        for scenario, washington, beijing, summary in pool.map(cell, jobs):
            results.setdefault(scenario, {})[(washington, beijing)] = summary
    text = "\n".join(table(s, results[s], args.bots) for s in args.scenarios)
    text += f"\n{args.games} games per cell, seeds {args.seed}..{args.seed + args.games - 1};"
    text += f" {time.perf_counter() - start:.0f} s.\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
