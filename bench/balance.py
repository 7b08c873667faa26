"""The balance table: every bot against every bot on each scenario, and what it adds up to.

    python bench/balance.py --games 200 [--scenarios intro classroom full_2025] [--bots ...]
                            [--json] [--out FILE] [--processes N]

For each scenario it prints
- the **matrix**: Washington's bot down, Beijing's across; each cell Washington wins / Beijing
  wins (ties are the rest);
- the **ranking**: each bot's win rate against the field (the other bots, and itself) as
  Washington, as Beijing and on average, and whom it beats head to head (A beats B when A's
  win rate over the two seatings of A against B is higher than B's);
- the **checks** of issue 15: mirrored matchups within 45-55% (Washington's share of the
  games, a tie counting half), no fixed strategy beating every other bot, no ending over 50%
  across the table;
- the **outcome spread** over the whole table, and for the planners playing each other;
- the **length**: bot decisions per game, and minutes at the scenario's default timers:
  `deadline` if every turn of these games ran to its time limit, `engaged` if each took
  ENGAGED_SHARE of it, `idle` if nobody ever moved (every turn times out), and `worst`, the
  longest any game can last (the most turns the rules allow, each to its limit).

`--json` prints one line of JSON with all of it instead (`--json-out FILE` also writes it).
Games are seeded seed..seed+games-1 in every cell (`brink simulate`'s own seeding), spread over
`--processes` (default: every core).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

# Run as `python bench/balance.py`, this folder comes first on sys.path, and bench/server.py
# would shadow the `server` package: take the folder off before importing it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

from server.bots import BOTS, make_bot  # noqa: E402
from server.engine import SYSTEM, apply, initial_state, waiting_sides  # noqa: E402
from server.engine import events as ev  # noqa: E402
from server.engine.commands import StartGame, Timeout  # noqa: E402
from server.game.duration import ENGAGED_SHARE, expected_minutes  # noqa: E402
from server.game.match import play_match  # noqa: E402
from server.ruleset.loader import load_ruleset  # noqa: E402
from server.ruleset.model import Ruleset  # noqa: E402

RULES = Path(__file__).resolve().parent.parent / "rules"
SCENARIOS = ["intro", "lesson", "classroom", "full_2025"]
FIXED = ["random", "hawk", "dove", "tit_for_tat"]
ORDER = [*FIXED, "planner"]
MIRROR = (0.45, 0.55)
CHUNK = 25


def scenarios_on_disk() -> list[str]:
    found = sorted(path.stem for path in RULES.glob("*.yaml"))
    return [s for s in SCENARIOS if s in found] + [s for s in found if s not in SCENARIOS]


# --- playing ------------------------------------------------------------------------------------

Job = tuple[str, str, str, int, int]


def play_cell(job: Job) -> tuple[str, str, str, dict[str, Any]]:
    """Play games seed..seed+count-1 of one cell; return the raw tallies."""
    scenario, washington, beijing, seed, count = job
    rules = load_ruleset(RULES / f"{scenario}.yaml")
    seconds = {index: phase.seconds for index, phase in enumerate(rules.phases)}
    tally: dict[str, Any] = {
        "games": 0,
        "washington": 0,
        "beijing": 0,
        "tie": 0,
        "outcomes": Counter(),
        "decisions": 0,
        "turn_seconds": 0,
        "hands": 0,
        "turns": Counter(),
        "phases": Counter(),
    }
    for game in range(seed, seed + count):
        bots = {
            "washington": make_bot(washington, "washington"),
            "beijing": make_bot(beijing, "beijing"),
        }
        result = play_match(rules, bots, game)  # type: ignore[arg-type]
        state = result.state
        us, cn = state.scores["washington"], state.scores["beijing"]
        tally["games"] += 1
        tally["washington" if us > cn else "beijing" if cn > us else "tie"] += 1
        tally["outcomes"][state.outcome or "unfinished"] += 1
        tally["decisions"] += result.actions
        tally["hands"] += state.round
        phase = -1
        for event in result.log:
            if isinstance(event, ev.PhaseStarted):
                phase = event.index
                tally["phases"][phase_key(rules, phase)] += 1
            elif isinstance(event, ev.TurnStarted):
                tally["turn_seconds"] += seconds[phase]
                tally["turns"][phase_key(rules, phase)] += 1
    return scenario, washington, beijing, tally


def merge(into: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, Counter):
            into.setdefault(key, Counter()).update(value)
        else:
            into[key] = into.get(key, 0) + value


def idle_seconds(rules: Ruleset, seed: int = 0) -> int:
    """Return how long a game lasts at the default timers if nobody ever moves."""
    state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=seed))
    total = 0
    while not state.finished and waiting_sides(state):
        total += rules.phases[state.phase_index].seconds
        state, _ = apply(rules, state, SYSTEM, Timeout(turn=state.turn))
    return total


def phase_key(rules: Ruleset, index: int) -> str:
    """Return how server/game/duration.py counts a phase's turns: by betting mode, or talks."""
    phase = rules.phases[index]
    return phase.mode if phase.kind == "betting" else phase.kind


# --- summing up ---------------------------------------------------------------------------------


def summarize(
    scenario: str, cells: dict[tuple[str, str], dict[str, Any]], bots: list[str]
) -> dict[str, Any]:
    rules = load_ruleset(RULES / f"{scenario}.yaml")
    minutes = expected_minutes(rules)

    def rate(washington: str, beijing: str, side: str) -> float:
        cell = cells[(washington, beijing)]
        return float(cell[side]) / float(cell["games"])

    matrix = {
        w: {b: [round(rate(w, b, "washington"), 4), round(rate(w, b, "beijing"), 4)] for b in bots}
        for w in bots
    }
    ranking: list[dict[str, Any]] = []
    for bot in bots:
        as_us = sum(rate(bot, b, "washington") for b in bots) / len(bots)
        as_cn = sum(rate(w, bot, "beijing") for w in bots) / len(bots)
        beats = [
            other
            for other in bots
            if other != bot
            and rate(bot, other, "washington") + rate(other, bot, "beijing")
            > rate(other, bot, "washington") + rate(bot, other, "beijing")
        ]
        ranking.append(
            {
                "bot": bot,
                "as_washington": round(as_us, 4),
                "as_beijing": round(as_cn, 4),
                "overall": round((as_us + as_cn) / 2, 4),
                "beats": beats,
            }
        )
    ranking.sort(key=lambda row: -float(row["overall"]))
    outcomes: Counter[str] = Counter()
    games = decisions = turn_seconds = hands = 0
    turns: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    for cell in cells.values():
        outcomes.update(cell["outcomes"])
        games += cell["games"]
        decisions += cell["decisions"]
        turn_seconds += cell["turn_seconds"]
        hands += cell["hands"]
        turns.update(cell["turns"])
        phases.update(cell["phases"])
    planners = [b for b in bots if b.startswith("planner")]
    planner_outcomes: Counter[str] = Counter()
    for w in planners:
        for b in planners:
            planner_outcomes.update(cells[(w, b)]["outcomes"])
    planner_games = sum(planner_outcomes.values())
    mirrored = {bot: matrix[bot][bot] for bot in bots}
    fixed = [b for b in bots if b in FIXED]
    dominant = [
        row["bot"]
        for row in ranking
        if row["bot"] in fixed and set(row["beats"]) >= set(bots) - {row["bot"]}
    ]
    dominant_fixed = [
        row["bot"]
        for row in ranking
        if row["bot"] in fixed and set(row["beats"]) >= set(fixed) - {row["bot"]}
    ]
    spread = {k: round(v / games, 4) for k, v in outcomes.most_common()}
    return {
        "scenario": scenario,
        "games_per_cell": cells[(bots[0], bots[0])]["games"],
        "bots": bots,
        "matrix": matrix,
        "ranking": ranking,
        "mirrored": mirrored,
        "mirrored_unfair": [
            b for b, (us, cn) in mirrored.items() if not MIRROR[0] <= (1 + us - cn) / 2 <= MIRROR[1]
        ],
        "fixed_beating_all": dominant,
        "fixed_beating_all_fixed": dominant_fixed,
        "outcomes": spread,
        "top_outcome_over_half": max(spread.values()) > 0.5 if spread else False,
        "planner_outcomes": {
            k: round(v / planner_games, 4) for k, v in planner_outcomes.most_common()
        }
        if planner_games
        else {},
        "length": {
            "hands": round(hands / games, 2),
            "decisions": round(decisions / games, 1),
            "minutes_deadline": round(turn_seconds / games / 60, 1),
            "minutes_engaged": round(turn_seconds * ENGAGED_SHARE / games / 60, 1),
            "minutes_idle": round(idle_seconds(rules) / 60, 1),
            "minutes_worst": minutes.at_most,
            "expected_engaged": minutes.engaged,
            "turns_per_phase": {k: round(turns[k] / n, 2) for k, n in sorted(phases.items())},
        },
    }


def _pct(x: float) -> str:
    return f"{x:.0%}"


def markdown(summary: dict[str, Any]) -> str:
    bots = summary["bots"]
    matrix = summary["matrix"]
    lines = [
        f"### {summary['scenario']}",
        "",
        "Washington's bot (rows) vs Beijing's bot (columns): Washington wins / Beijing wins",
        "",
        "| W \\ B | " + " | ".join(bots) + " |",
        "|---|" + "---|" * len(bots),
    ]
    for w in bots:
        cells = [f"{_pct(matrix[w][b][0])} / {_pct(matrix[w][b][1])}" for b in bots]
        lines.append(f"| {w} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Ranking (win rate against the field):",
        "",
        "| bot | as Washington | as Beijing | overall | beats |",
        "|---|---|---|---|---|",
    ]
    for row in summary["ranking"]:
        lines.append(
            f"| {row['bot']} | {_pct(row['as_washington'])} | {_pct(row['as_beijing'])} | "
            f"{_pct(row['overall'])} | {', '.join(row['beats']) or '-'} |"
        )
    length = summary["length"]
    turns = ", ".join(f"{k} {v}" for k, v in length["turns_per_phase"].items())
    spread = ", ".join(f"{k} {_pct(v)}" for k, v in summary["outcomes"].items())
    planner = ", ".join(f"{k} {_pct(v)}" for k, v in summary["planner_outcomes"].items())
    mirrored = ", ".join(
        f"{b} {_pct(us)}/{_pct(cn)}" for b, (us, cn) in summary["mirrored"].items()
    )
    lines += [
        "",
        f"Outcomes over the table: {spread}.",
        *([f"Outcomes between planners: {planner}."] if planner else []),
        f"Mirrored: {mirrored}."
        + (
            f" Outside 45-55%: {', '.join(summary['mirrored_unfair'])}."
            if summary["mirrored_unfair"]
            else " All within 45-55%."
        ),
        "Fixed strategy beating every other bot: "
        + (", ".join(summary["fixed_beating_all"]) or "none")
        + "; beating the other fixed ones: "
        + (", ".join(summary["fixed_beating_all_fixed"]) or "none")
        + ".",
        f"Length: {length['hands']} hands, {length['decisions']} decisions a game; turns a"
        f" phase: {turns}; minutes at the default timers: {length['minutes_engaged']} engaged"
        f" ({length['expected_engaged']} expected by server/game/duration.py),"
        f" {length['minutes_deadline']} if every turn ran to its limit,"
        f" {length['minutes_idle']} if nobody moved, at most {length['minutes_worst']}.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Bot-vs-bot balance table.")
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scenarios", nargs="+", default=scenarios_on_disk())
    parser.add_argument("--bots", nargs="+", default=ORDER, choices=sorted(BOTS))
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="print one line of JSON")
    parser.add_argument("--out", type=Path, help="also write the output to FILE")
    parser.add_argument("--json-out", type=Path, help="also write the JSON line to FILE")
    args = parser.parse_args()
    jobs: list[Job] = [
        (scenario, w, b, start, min(CHUNK, args.seed + args.games - start))
        for scenario in args.scenarios
        for w in args.bots
        for b in args.bots
        for start in range(args.seed, args.seed + args.games, CHUNK)
    ]
    jobs.sort(key=lambda job: -sum(name.startswith("planner") for name in job[1:3]))
    began = time.perf_counter()
    cells: dict[str, dict[tuple[str, str], dict[str, Any]]] = {s: {} for s in args.scenarios}
    with ProcessPoolExecutor(args.processes) as pool:
        for scenario, w, b, tally in pool.map(play_cell, jobs):
            merge(cells[scenario].setdefault((w, b), {}), tally)
    summaries = [summarize(s, cells[s], args.bots) for s in args.scenarios]
    took = time.perf_counter() - began
    line = json.dumps(
        {"games": args.games, "seed": args.seed, "seconds": round(took), "scenarios": summaries},
        sort_keys=True,
    )
    if args.json:
        text = line
    else:
        text = "\n".join(markdown(s) for s in summaries)
        text += f"\n{args.games} games per cell, seeds {args.seed}..{args.seed + args.games - 1};"
        text += f" {took:.0f} s.\n"
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if args.json_out:
        args.json_out.write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
