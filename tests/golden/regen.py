"""Write the golden playthroughs: one file per scenario, one line per command.

    .venv/bin/python tests/golden/regen.py             # every scenario, and the history
    .venv/bin/python tests/golden/regen.py intro       # only some

then read the diff (`git diff tests/golden`) before committing it. Each line of
tests/golden/<scenario>.jsonl holds

    {"note": ..., "seat": ..., "command": ..., "events": [...], "views": {"washington": ..., ...}}

the command a seat sent, every event it caused (all-seeing, as the instructor gets them) and what
each side then sees (the compact fields of its view). Games between bots are recorded as the
commands the bots chose, so test_golden.py replays commands and never runs a bot.

tests/golden/history_2025.json holds the historical line's figures (rules/history/2025.jsonl
under full_2025), hand by hand after each resolution: every variable, the deals in force and
the lasting cards, then the outcome and the scores. Balancing the scenarios must not move them
by accident: a change shows up there, figure by figure, in the diff.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.bots import Bot, make_bot
from server.engine import (
    COMMANDS,
    EVENTS,
    Command,
    GameState,
    Seat,
    View,
    apply,
    initial_state,
    view,
)
from server.engine.events import Event
from server.game.commandlog import read_log
from server.game.match import play_match
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "rules"
GOLDEN_DIR = Path(__file__).resolve().parent
REGEN = "python tests/golden/regen.py"

Line = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Recipe:
    """How a scenario's golden game is played: two bots and a seed, or a command log."""

    seed: int = 1
    bots: tuple[str, str] = ("hawk", "tit_for_tat")  # washington's, beijing's
    log: Path | None = None


RECIPES: dict[str, Recipe] = {
    "intro": Recipe(seed=7, bots=("tit_for_tat", "planner_classic")),
    "classroom": Recipe(seed=11, bots=("hawk", "dove")),
    "full_2025": Recipe(log=RULES_DIR / "history" / "2025.jsonl"),
}
DEFAULT = Recipe()  # a scenario added later gets a golden game too


def scenarios() -> list[str]:
    """Return the name of every scenario in rules/ (the libraries in rules/base are not games)."""
    return sorted(path.stem for path in RULES_DIR.glob("*.yaml"))


def golden_path(name: str) -> Path:
    return GOLDEN_DIR / f"{name}.jsonl"


def load_rules(name: str) -> Ruleset:
    return load_ruleset(RULES_DIR / f"{name}.yaml")


# --- what a line records ------------------------------------------------------------------------


def event_record(event: Event) -> dict[str, Any]:
    """Return an event as recorded. The rules' hash is masked: it changes with any edit to a
    rule file, texts included, and a golden game should fail on a change of play, not of words."""
    data: dict[str, Any] = EVENTS.dump_python(event, mode="json")
    if "rules_hash" in data:
        data["rules_hash"] = "*"
    return data


def view_record(seen: View, side: Side) -> dict[str, Any]:
    """Return the compact fields of `side`'s view: where the game is and what the side sees."""
    mine = seen.sides[side]
    return {
        "round": seen.round,
        "phase": seen.phase,
        "turn": seen.turn,
        "to_act": seen.to_act,
        "stake": seen.stake,
        "public": seen.public,
        "private": mine.private,
        "hand": mine.hand,
        "hand_counts": {s: seen.sides[s].hand_count for s in SIDES},
        "face_down": [d.model_dump(mode="json") for d in seen.face_down],
        "deals": len(seen.deals),
        "outcome": seen.outcome,
        "scores": seen.scores,
    }


def step_record(
    rules: Ruleset, state: GameState, seat: Seat, command: Command, events: list[Event]
) -> Line:
    """Return one line: the command, what it caused, and what each side sees after it."""
    return {
        "seat": seat.model_dump(mode="json", exclude_none=True),
        "command": COMMANDS.dump_python(command, mode="json"),
        "events": [event_record(event) for event in events],
        "views": {side: view_record(view(rules, state, side), side) for side in SIDES},
    }


def dump_line(line: Line) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(", ", ": "))


# --- playing the recipes ------------------------------------------------------------------------


def bot_commands(
    rules: Ruleset, recipe: Recipe
) -> list[tuple[Seat, Command, str | dict[str, str]]]:
    """Return the commands of the recipe's bot game, starting with the StartGame."""
    bots: dict[Side, Bot] = {
        side: make_bot(name, side) for side, name in zip(SIDES, recipe.bots, strict=True)
    }
    match = play_match(rules, bots, recipe.seed)
    about = f"{recipe.bots[0]} (washington) vs {recipe.bots[1]} (beijing), seed {recipe.seed}"
    return [
        (seat, command, about if index == 0 else "")
        for index, (seat, command) in enumerate(match.commands)
    ]


def commands_of(rules: Ruleset, recipe: Recipe) -> list[tuple[Seat, Command, str | dict[str, str]]]:
    if recipe.log is not None:
        return [(entry.seat, entry.command, entry.note) for entry in read_log(recipe.log)]
    return bot_commands(rules, recipe)


def record(name: str) -> Iterator[Line]:
    """Yield the golden lines of scenario `name`, playing its recipe through the engine."""
    rules = load_rules(name)
    state = initial_state(rules)
    for seat, command, note in commands_of(rules, RECIPES.get(name, DEFAULT)):
        state, events = apply(rules, state, seat, command)
        line = step_record(rules, state, seat, command, events)
        yield {"note": note, **line} if note else line
    if not state.finished:
        raise SystemExit(f"{name}: the recorded game did not end")


HISTORY = RULES_DIR / "history" / "2025.jsonl"
HISTORY_FIGURES = GOLDEN_DIR / "history_2025.json"


def history_figures() -> dict[str, Any]:
    """Return the historical line's figures: after each hand's resolution, and at the end."""
    rules = load_rules("full_2025")
    state = initial_state(rules)
    hands: list[dict[str, Any]] = []
    for entry in read_log(HISTORY):
        state, events = apply(rules, state, entry.seat, entry.command)
        for event in events:
            if event.type == "round_resolved":
                hands.append({"hand": event.round})
        if hands and "vars" not in hands[-1]:
            hands[-1].update(
                vars=dict(state.vars),
                deals=[
                    {"terms": [c.term for c in d.terms], "expires_after": d.expires_after}
                    for d in state.deals
                ],
                lasting=[item.card for item in state.lasting],
            )
    return {
        "hands": hands,
        "outcome": state.outcome,
        "scores": state.scores,
        "objectives": {side: state.hands[side].objective for side in SIDES},
        "objectives_met": state.objectives_met,
    }


def dump_figures(figures: dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(names: list[str]) -> None:
    if not names:
        HISTORY_FIGURES.write_text(dump_figures(history_figures()), encoding="utf-8")
        print(f"{HISTORY_FIGURES.relative_to(ROOT)}: the historical line's figures")
    for name in names or scenarios():
        path = golden_path(name)
        text = "".join(dump_line(line) + "\n" for line in record(name))
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {text.count(chr(10))} commands, {len(text):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
