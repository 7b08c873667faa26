"""Replay benchmark: prints numbers, asserts nothing.

    python bench/replay.py [--entries 10000]

Plays a full_2025 game between bots, pads its log with chat lines up to `--entries` (a long
classroom game's talk), writes it as a game record, then times what an instructor waits for:
reading the record, verifying it through the engine, opening the viewer at a step (every
viewer's entries and view), the ledger, and the evaluation graph.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

from server.bots import make_bot  # noqa: E402
from server.engine import apply, initial_state  # noqa: E402
from server.game.match import play_match  # noqa: E402
from server.live.rooms import event_entries  # noqa: E402
from server.protocol import ChatLine, Entry  # noqa: E402
from server.replay.evaluate import evaluation  # noqa: E402
from server.replay.ledger import ledger  # noqa: E402
from server.replay.record import header_for, read_record, write_record  # noqa: E402
from server.replay.steps import moments, shown, step  # noqa: E402
from server.replay.verify import verify  # noqa: E402
from server.ruleset.loader import load_ruleset  # noqa: E402

ROOT = _HERE.parent


def long_record(entries: int) -> str:
    rules = load_ruleset(ROOT / "rules" / "full_2025.yaml")
    bots = {"washington": make_bot("planner", "washington"), "beijing": make_bot("hawk", "beijing")}
    match = play_match(rules, bots, 7)  # type: ignore[arg-type]
    state = initial_state(rules)
    game: list[list[Entry]] = []
    for seat, command in match.commands:
        state, events = apply(rules, state, seat, command)
        game.append(event_entries(0, str(seat.side), command, events))
    played = sum(len(group) for group in game)
    pad = max(0, entries - played)
    texts: list[str] = []
    per_gap = pad // max(1, len(game)) + 1
    for group in game:
        for entry in group:
            texts.append(entry.model_copy(update={"n": len(texts) + 1}).model_dump_json())
        for _ in range(per_gap):
            if len(texts) >= entries:
                break
            line = ChatLine(seat="washington", name="Ada", text="What do you hold?")
            texts.append(Entry(n=len(texts) + 1, chat=line).model_dump_json())
    header = header_for("BENCH1", rules, texts, {"washington": "Ada", "beijing": "Bo"}, {})
    return write_record(header, texts)


def timed(label: str, run):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = run()
    print(f"{label:<44} {time.perf_counter() - started:7.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    text = long_record(args.entries)
    record = timed("read (every line checked)", lambda: read_record(text))
    commands = sum(1 for entry in record.entries if entry.command is not None)
    events = sum(1 for entry in record.entries if entry.event is not None)
    print(
        f"record: {len(record.entries)} entries ({commands} commands, {events} events, the rest "
        f"chat), {len(text) / 1e6:.1f} MB, outcome {record.header.outcome}"
    )
    verified = timed("verify (every command through the engine)", lambda: verify(record))
    middle = len(record.entries) // 2
    for viewer in ("washington", "beijing", "spectator", "instructor"):
        timed(f"open as {viewer} at step {middle}", lambda v=viewer: step(verified, v, middle))
    timed("key moments (all-seeing)", lambda: moments(verified, "instructor"))
    timed(
        "ledger (all-seeing)", lambda: ledger(shown(verified, "instructor", 1, len(record.entries)))
    )
    points = timed("evaluation graph (once, then kept)", lambda: evaluation(verified))
    print(f"evaluation points: {len(points)}")


if __name__ == "__main__":
    main()
