"""Game records of random bot games, made as a server would write them (for replay tests)."""

from __future__ import annotations

import json
import random
from typing import Any

from server.bots import Bot, make_bot
from server.engine import Seat, apply, initial_state
from server.engine.commands import Command
from server.game.match import play_match
from server.live.rooms import event_entries
from server.replay.record import header_for, write_record
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

SCENARIOS = ["intro", "classroom", "full_2025"]
RULES = {name: load_ruleset(f"rules/{name}.yaml") for name in SCENARIOS}

FAST_BOTS = ["dove", "hawk", "planner_classic", "random", "tit_for_tat"]
"""The bots the many record tests draw from: each decides in well under a millisecond or a
few (the search planners take tens of milliseconds a decision, and one game of theirs is
recorded by its own test)."""


def bot_game(
    rules: Ruleset, seed: int, names: tuple[str, str] | None = None
) -> tuple[str, str | None]:
    """Return the record of a bot game, as a server would write it, and its outcome: the bots
    `names` (Washington's, Beijing's), or two drawn by the seed from FAST_BOTS."""
    rng = random.Random(seed)
    chosen = names or (rng.choice(FAST_BOTS), rng.choice(FAST_BOTS))
    bots = {
        "washington": make_bot(chosen[0], "washington"),
        "beijing": make_bot(chosen[1], "beijing"),
    }
    match = play_match(rules, bots, seed)  # type: ignore[arg-type]
    state = initial_state(rules)
    entries: list[str] = []
    for seat, command in match.commands:
        state, events = apply(rules, state, seat, command)
        name = "system" if seat.side == "system" else seat.side
        made = event_entries(len(entries), name, command, events, at=1_700_000_000_000 + seed)
        entries += [entry.model_dump_json() for entry in made]
    header = header_for("TEST" + str(seed), rules, entries, {"washington": "A"}, {})
    return write_record(header, entries), match.state.outcome


def seeded_game(
    rules: Ruleset,
    seed: int,
    bots: dict[str, str],
    code: str,
    seats: dict[str, str] | None = None,
    started: int = 1_700_000_000_000,
    think_ms: int = 4_000,
) -> str:
    """Return the record of a game the named bots play from the deal `seed` (rooms given the
    same seed are dealt the same game), its commands committed `think_ms` apart and a little
    more, as people would (the k-th decision of a game takes think_ms + 137 * (k % 5) ms)."""
    players: dict[Side, Bot] = {side: make_bot(bots[side], side) for side in SIDES}
    match = play_match(rules, players, seed)
    state = initial_state(rules)
    entries: list[str] = []
    at = started
    for index, (seat, command) in enumerate(match.commands):
        state, events = apply(rules, state, seat, command)
        name = "system" if seat.side == "system" else seat.side
        if index:
            at += think_ms + 137 * (index % 5)
        made = event_entries(len(entries), name, command, events, at=at)
        entries += [entry.model_dump_json() for entry in made]
    header = header_for(code, rules, entries, seats or {"washington": "W", "beijing": "B"}, {})
    return write_record(header, entries)


def commands_record(
    rules: Ruleset,
    commands: list[tuple[Seat, Command]],
    code: str,
    seats: dict[str, str] | None = None,
) -> str:
    """Return the record of a game of exactly `commands` (each `(seat, command)`), a second
    apart, as a server would write it."""
    state = initial_state(rules)
    entries: list[str] = []
    for index, (seat, command) in enumerate(commands):
        state, events = apply(rules, state, seat, command)
        at = 1_700_000_000_000 + 1000 * index
        made = event_entries(len(entries), seat.side, command, events, at=at)
        entries += [entry.model_dump_json() for entry in made]
    return write_record(header_for(code, rules, entries, seats or {}, {}), entries)


def with_entries(
    head: dict[str, Any], entries: list[str], at: int, said: list[dict[str, Any]], stamp: int
) -> str:
    """Return the record of header `head` and entry lines `entries` with the entries `said`
    put in after the first `at` (numbered on from there, committed at `stamp`), the ones after
    them numbered on, and the header's count of entries told."""
    made = [json.dumps({"n": at + i + 1, **entry, "at": stamp}) for i, entry in enumerate(said)]
    moved = []
    for line in entries[at:]:
        entry = json.loads(line)
        entry["n"] += len(made)
        moved.append(json.dumps(entry))
    head["entries"] += len(made)
    return "\n".join([json.dumps(head), *entries[:at], *made, *moved]) + "\n"
