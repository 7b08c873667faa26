"""Plays whole games of every scenario and prints a digest of everything the engine said: each
step's events, every viewer's view, every seat's options (team roles too) and the refusal of
every command a seat might try. tests/engine/test_native.py runs it with the compiled engine and
with the pure one (BRINK_NATIVE=0) and compares the two.

    python tests/engine/native_games.py [GAMES_PER_SCENARIO]
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from server import native
from server.engine import SYSTEM, apply, initial_state, refusal, waiting_sides
from server.engine.commands import Seat, StartGame, Timeout
from server.engine.legal import candidates, legal_commands, option_fields
from server.engine.viewjson import options_json, view_json
from server.engine.views import VIEWERS
from server.live.loading import load_scenarios
from server.settings import ROOT


def main() -> None:
    games = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    digest = hashlib.sha256()
    steps = 0
    for name, rules in sorted(load_scenarios(ROOT / "rules").items()):
        seats = [Seat(side=side) for side in ("washington", "beijing")]
        for side in ("washington", "beijing"):
            seats += [Seat(side=side, role=role.id) for role in rules.spec.sides[side].roles]
        for seed in range(games):
            chooser = random.Random(f"{name}:{seed}")
            state, events = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=seed))
            while True:
                digest.update(json.dumps([e.model_dump(mode="json") for e in events]).encode())
                for viewer in VIEWERS:
                    digest.update(view_json(rules, state, viewer).encode())
                if state.finished:
                    break
                for seat in seats:
                    if seat.side in waiting_sides(state):
                        digest.update(
                            options_json(seat.side, option_fields(rules, state, seat)).encode()
                        )
                    for command in candidates(rules, state, seat):
                        error = refusal(rules, state, seat, command)
                        digest.update(repr(error and (error.code, error.message)).encode())
                if chooser.random() < 0.05:
                    state, events = apply(rules, state, SYSTEM, Timeout(turn=state.turn))
                else:
                    seat = Seat(side=chooser.choice(waiting_sides(state)))
                    legal = legal_commands(rules, state, seat)
                    calm = [c for c in legal if c.type != "fold"] or legal  # longer games
                    command = chooser.choice(legal if chooser.random() < 0.05 else calm)
                    state, events = apply(rules, state, seat, command)
                steps += 1
    where = sys.modules["server.engine.legal"].__file__ or ""
    compiled = native.active() and where.endswith(native._SUFFIX)
    print(json.dumps({"compiled": compiled, "steps": steps, "digest": digest.hexdigest()}))


if __name__ == "__main__":
    main()
