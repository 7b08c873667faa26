"""How strong the search planner is, and how long it thinks: a planner level against each other
bot from both seats, on each scenario.

    python bench/strength.py --games 200 [--level planner_strong] [--against random hawk ...]
                             [--scenarios ...] [--json] [--out FILE] [--processes N]
    python bench/strength.py --timing [--games 20]     # every level's time per decision only

Each cell: the planner's win rate as Washington, as Beijing, and their mean (a tie counts as
no win), with the wins and games over both seats and the mean's 95% (Wilson) interval. Time
per decision is measured around `choose` for the planner's decisions only (decisions with a
single legal command return at once and count too): CPU time of the process (what the search
costs, whatever else the machine runs) and wall time, mean, 95th percentile and the slowest.
Games use seeds seed..seed+games-1 as `brink simulate` does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

from server.bots import BOTS, Bot, Turn, make_bot  # noqa: E402
from server.engine.commands import Command  # noqa: E402
from server.game.match import play_match  # noqa: E402
from server.ruleset.loader import load_ruleset  # noqa: E402
from server.ruleset.schema import Side  # noqa: E402

RULES = Path(__file__).resolve().parent.parent / "rules"
SCENARIOS = ["intro", "classroom", "full_2025"]
AGAINST = ["random", "hawk", "dove", "tit_for_tat", "planner_classic"]
LEVELS = ["planner_easy", "planner", "planner_strong"]
CHUNK = 10


class Timed:
    """A bot whose every decision is timed (CPU and wall seconds)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.name = bot.name
        self.observes = bot.observes
        self.cpu: list[float] = []
        self.wall: list[float] = []

    def observe(self, events: Any) -> None:
        self.bot.observe(events)

    def choose(self, turn: Turn) -> Command:
        cpu, wall = time.process_time(), time.perf_counter()
        command = self.bot.choose(turn)
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)
        return command


Job = tuple[str, str, str, Side, int, int]


def play(job: Job) -> tuple[str, str, str, Side, dict[str, Any]]:
    scenario, level, opponent, seat, seed, count = job
    rules = load_ruleset(RULES / f"{scenario}.yaml")
    wins = ties = 0
    cpu: list[float] = []
    wall: list[float] = []
    other: Side = "beijing" if seat == "washington" else "washington"
    for game in range(seed, seed + count):
        planner = Timed(make_bot(level, seat))
        bots: dict[Side, Any] = {seat: planner, other: make_bot(opponent, other)}
        scores = play_match(rules, bots, game).state.scores
        wins += scores[seat] > scores[other]
        ties += scores[seat] == scores[other]
        cpu += planner.cpu
        wall += planner.wall
    part = {"games": count, "wins": wins, "ties": ties, "cpu": cpu, "wall": wall}
    return scenario, level, opponent, seat, part


def wilson(wins: int, games: int, z: float = 1.96) -> tuple[float, float]:
    """Return the 95% (Wilson score) interval of a win rate of `wins` in `games`."""
    if games == 0:
        return (0.0, 1.0)
    rate = wins / games
    centre = (rate + z * z / (2 * games)) / (1 + z * z / games)
    half = z * ((rate * (1 - rate) + z * z / (4 * games)) / games) ** 0.5 / (1 + z * z / games)
    return (max(0.0, centre - half), min(1.0, centre + half))


def _ms(values: list[float]) -> dict[str, float]:
    if not values:
        return {"mean": 0.0, "p95": 0.0, "max": 0.0}
    ordered = sorted(values)
    return {
        "mean": round(1000 * sum(ordered) / len(ordered), 1),
        "p95": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max": round(1000 * ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="The search planner's strength and speed.")
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--level", default="planner_strong", choices=sorted(BOTS))
    parser.add_argument("--against", nargs="+", default=AGAINST, choices=sorted(BOTS))
    parser.add_argument("--scenarios", nargs="+", default=SCENARIOS)
    parser.add_argument("--timing", action="store_true", help="time every level against random")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="print one line of JSON")
    parser.add_argument("--out", type=Path, help="also write the output to FILE")
    args = parser.parse_args()
    levels = LEVELS if args.timing else [args.level]
    against = ["random"] if args.timing else args.against
    jobs: list[Job] = [
        (scenario, level, opponent, seat, start, min(CHUNK, args.seed + args.games - start))
        for scenario in args.scenarios
        for level in levels
        for opponent in against
        for seat in ("washington", "beijing")
        for start in range(args.seed, args.seed + args.games, CHUNK)
    ]
    began = time.perf_counter()
    cells: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    with ProcessPoolExecutor(args.processes) as pool:
        for scenario, level, opponent, seat, part in pool.map(play, jobs):
            cell = cells.setdefault(
                (scenario, level, opponent, seat),
                {"games": 0, "wins": 0, "ties": 0, "cpu": [], "wall": []},
            )
            for key, value in part.items():
                cell[key] += value
    rows: list[dict[str, Any]] = []
    for scenario in args.scenarios:
        for level in levels:
            cpu: list[float] = []
            wall: list[float] = []
            for opponent in against:
                us = cells[(scenario, level, opponent, "washington")]
                cn = cells[(scenario, level, opponent, "beijing")]
                cpu += us["cpu"] + cn["cpu"]
                wall += us["wall"] + cn["wall"]
                wins, games = us["wins"] + cn["wins"], us["games"] + cn["games"]
                low, high = wilson(wins, games)
                rows.append(
                    {
                        "scenario": scenario,
                        "level": level,
                        "against": opponent,
                        "games": games,
                        "wins": wins,
                        "interval": [round(low, 4), round(high, 4)],
                        "as_washington": round(us["wins"] / us["games"], 4),
                        "as_beijing": round(cn["wins"] / cn["games"], 4),
                        "ties": round((us["ties"] + cn["ties"]) / (us["games"] + cn["games"]), 4),
                        "decisions_per_game": round(
                            (len(us["cpu"]) + len(cn["cpu"])) / (us["games"] + cn["games"]), 1
                        ),
                    }
                )
            rows.append(
                {
                    "scenario": scenario,
                    "level": level,
                    "timing": {"cpu_ms": _ms(cpu), "wall_ms": _ms(wall), "decisions": len(cpu)},
                }
            )
    took = time.perf_counter() - began
    if args.json:
        text = json.dumps({"games": args.games, "seed": args.seed, "rows": rows}, sort_keys=True)
    else:
        text = _markdown(rows, args.games, args.seed, took)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


def _markdown(rows: list[dict[str, Any]], games: int, seed: int, took: float) -> str:
    lines = [
        "| scenario | level | against | as Washington | as Beijing | mean (wins/games) | 95% |"
        " ties |",
        "|---|---|---|---|---|---|---|---|",
    ]
    timings = []
    for row in rows:
        if "timing" in row:
            cpu, wall = row["timing"]["cpu_ms"], row["timing"]["wall_ms"]
            timings.append(
                f"| {row['scenario']} | {row['level']} | {row['timing']['decisions']} |"
                f" {cpu['mean']} / {cpu['p95']} / {cpu['max']} |"
                f" {wall['mean']} / {wall['p95']} / {wall['max']} |"
            )
            continue
        mean = (row["as_washington"] + row["as_beijing"]) / 2
        lines.append(
            f"| {row['scenario']} | {row['level']} | {row['against']} |"
            f" {row['as_washington']:.0%} | {row['as_beijing']:.0%} |"
            f" {mean:.0%} ({row['wins']}/{row['games']}) |"
            f" {row['interval'][0]:.0%}-{row['interval'][1]:.0%} | {row['ties']:.0%} |"
        )
    lines += [
        "",
        "Time per decision, ms (mean / 95th percentile / slowest):",
        "",
        "| scenario | level | decisions | CPU | wall |",
        "|---|---|---|---|---|",
        *timings,
        "",
        f"{games} games per cell and seat, seeds {seed}..{seed + games - 1}; {took:.0f} s.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
