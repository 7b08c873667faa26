"""The evaluation graph of a finished game: at each resting point, each side's chance of
winning, estimated as the planner bot estimates a move — random play-outs from the position —
but from the true position (the game is over: nothing is hidden any more). Deterministic (the
play-outs are seeded by the position), bounded (at most POINTS positions, PLAYOUTS each)."""

from __future__ import annotations

from typing import Any

from server.bots.planner import random_command
from server.engine import apply
from server.engine.rng import Rng
from server.engine.state import GameState
from server.replay.verify import Verified
from server.ruleset.model import Ruleset, UnplayableRules

POINTS = 120
PLAYOUTS = 24
MOVES = 400


def _playout(rules: Ruleset, state: GameState, rng: Rng) -> float:
    """Play at random to the end; return 1 if Washington wins, 0 if Beijing, 0.5 for a tie."""
    for _ in range(MOVES):
        if state.finished:
            break
        move = random_command(rules, state, rng)
        if move is None:
            break
        state, _ = apply(rules, state, *move)
    scores = state.scores if state.finished else {}
    us, them = scores.get("washington", 0), scores.get("beijing", 0)
    return 1.0 if us > them else 0.0 if us < them else 0.5


def evaluation(verified: Verified) -> list[dict[str, Any]]:
    """Return [{"n", "washington", "beijing"}] at resting points (and the end), the chances in
    0..1."""
    rules = verified.record.rules
    if rules.unplayable is not None:  # a record's rules the engine cannot play on
        raise UnplayableRules(rules.unplayable)
    entries = verified.record.entries
    rests = [
        n
        for n in range(1, len(entries) + 1)
        if verified.states[n].started and (n == len(entries) or entries[n].event is None)
    ]
    if len(rests) > POINTS:
        stride = len(rests) / POINTS
        rests = sorted({rests[int(i * stride)] for i in range(POINTS)} | {rests[-1]})
    points = []
    for n in rests:
        state = verified.states[n]
        if state.finished:
            won = _playout(rules, state, Rng(n))
            chance = won
        else:
            chance = sum(_playout(rules, state, Rng(n * 7919 + k)) for k in range(PLAYOUTS))
            chance /= PLAYOUTS
        points.append({"n": n, "washington": round(chance, 3), "beijing": round(1 - chance, 3)})
    return points


def evaluate_record(text: str, source: str) -> list[dict[str, Any]]:
    """Return the evaluation graph of the record in `text` (run in a worker process: the
    play-outs take seconds of CPU, and the engine is not run in threads beside the server's)."""
    from server.replay.record import read_record
    from server.replay.verify import verify

    return evaluation(verify(read_record(text, source), source))
