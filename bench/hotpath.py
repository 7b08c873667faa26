"""The server's work for one action, in this process, without sockets or Redis: what part of the
CPU per action of bench/server.py is the game itself. Plays whole games as the bench's clients
do (check, call, pass) through the same code a commit runs, and prints µs per action:

- parse: the `act` frame read into a request;
- decide: the engine deciding the command (and evolving the state);
- entries: the log entries made of it; prepare: the commit built (entries' JSON, snapshot);
- visible: each seat's copy of the entries (redacted); view: each seat's view as JSON;
- options: the seats' legal options with their reasons (for the sides the game waits for).

    python bench/hotpath.py [--games 60] [--scenario full_2025]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script, bench/ comes first on the path, where bench/server.py would hide the server;
# the checkout the script is in comes first instead (not the one the venv was installed from).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

from server.engine import SYSTEM, Viewer, initial_state, view, waiting_sides  # noqa: E402
from server.engine.commands import StartGame  # noqa: E402
from server.engine.decide import apply  # noqa: E402
from server.engine.viewjson import view_json  # noqa: E402
from server.live.commit import prepare  # noqa: E402
from server.live.rooms import Room, RoomInfo, event_entries  # noqa: E402
from server.protocol import CLIENT_MESSAGES, Act, Entry  # noqa: E402
from server.replay.verify import engine_seat  # noqa: E402
from server.ruleset.loader import load_ruleset  # noqa: E402
from server.ruleset.model import Ruleset  # noqa: E402

SEATS: tuple[Viewer, ...] = ("washington", "beijing")


def visible_all(room: Room, entries: list[Entry], viewer: Viewer) -> list[Entry | None]:
    return [room.visible(entry, viewer) for entry in entries]


def move(rules: Ruleset, room: Room, side: str) -> dict[str, Any]:
    """The bench's clients' move (bench/load.py): call a raise, else check, or pass the talks."""
    seen = view(rules, room.state, side)  # type: ignore[arg-type]
    if seen.to_act == side:
        return {"type": "call"} if seen.facing else {"type": "check"}
    return {"type": "pass"}


def play(rules: Ruleset, games: int) -> tuple[dict[str, float], int]:
    spent: dict[str, float] = defaultdict(float)

    def timed(part: str, work: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        found = work(*args)
        spent[part] += time.perf_counter() - started
        return found

    actions = 0
    for seed in range(games):
        info = RoomInfo("BENCH1", rules.id, "en", {}, {}, False, "")
        room = Room(info, rules, initial_state(rules), 0)
        start = StartGame(seed=seed)
        state, events = apply(rules, room.state, SYSTEM, start)
        room.advance(event_entries(0, "system", start, events, None, 0), state)
        while not room.state.finished:
            side = waiting_sides(room.state)[0]
            frame = json.dumps({"type": "act", "id": "a", "command": move(rules, room, side)})
            request: Act = timed("parse", CLIENT_MESSAGES.validate_json, frame)
            command, seat = request.command, engine_seat(side)
            state, events = timed("decide", apply, rules, room.state, seat, command)
            entries = timed("entries", event_entries, room.n, side, command, events, "c", 0)
            timed("prepare", prepare, room, entries, state, "bench", 0, True)
            room.advance(entries, state)
            for viewer in SEATS:
                timed("visible", visible_all, room, entries, viewer)
                timed("view", view_json, rules, room.state, viewer)
                timed("options", room.options_json, viewer)
            actions += 1
    return spent, actions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games", type=int, default=60)
    parser.add_argument("--scenario", default="full_2025")
    args = parser.parse_args()
    if args.games < 1:
        parser.error("--games must be at least 1")
    folder = Path(__file__).resolve().parent.parent / "rules"
    rules = load_ruleset(folder / f"{args.scenario}.yaml")
    play(rules, 3)  # warm up: caches
    spent, actions = play(rules, args.games)
    total = 0.0
    print(f"{args.scenario}: {actions} actions in {args.games} games, µs per action")
    for part, seconds in spent.items():
        total += seconds / actions * 1e6
        print(f"  {part:8s} {seconds / actions * 1e6:7.1f}")
    print(f"  {'total':8s} {total:7.1f}")
    print(json.dumps({part: round(s / actions * 1e6, 1) for part, s in spent.items()}))


if __name__ == "__main__":
    main()
