"""`brink replay FILE`: a game record stepped through in the terminal, as a viewer saw it.

    brink replay data/games/QX7K2M.jsonl --as beijing --step 40
    brink replay data/games/QX7K2M.jsonl --verify
    brink replay QX7K2M                      (data/games/QX7K2M.jsonl, or --data-dir DIR)
    brink games export QX7K2M --key KEY --out - | brink replay - --as beijing
    brink replay QX7K2M --url ws://HOST:8080/ws --token TOKEN     (on a server: client/replaying.py)

Without `--verify` it prints what the viewer (default: all-seeing) was told, step by step up to
`--step` (default: the end; a step past it is refused, exit 2) — the same narration as `brink
play` — then where things stand.
`--verify` re-applies every command through the engine with the record's rules, checks every
event and the outcome, and prints one line: exit 0 if the record is sound, 1 if not.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from server.engine import Viewer, view
from server.engine.events import VariablesChanged
from server.engine.views import View
from server.game.cliargs import credential, whole_number
from server.game.narrate import Deals
from server.game.values import Values
from server.protocol import Entry
from server.protocol.base import plain
from server.replay.holders import played_seats, seat_holders
from server.replay.record import Header, RecordError, decode_record, read_record
from server.replay.told import (
    Language,
    command_line,
    event_line,
    footer_line,
    header_line,
    notice_line,
)
from server.replay.verify import Verified, verify
from server.replay.visible import visible
from server.ruleset.model import Ruleset

VIEWERS: dict[str, Viewer] = {
    "all": "instructor",
    "instructor": "instructor",
    "washington": "washington",
    "beijing": "beijing",
    "spectator": "spectator",
}


SERVER_URL = "ws://127.0.0.1:8080/ws"
"""The server a game's code is looked for on, given a --token or --key and no --url: brink play's
and brink games' default."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE|CODE",
        help="a game record (- reads it from stdin), or the code of a game kept here",
    )
    parser.add_argument(
        "--data-dir", default="data", metavar="DIR", help="where a CODE is looked for (data)"
    )
    parser.add_argument(
        "--as",
        dest="viewer",
        choices=sorted(VIEWERS),
        help="whose view (a record: all; a game on a server: the widest your key or token opens)",
    )
    parser.add_argument("--step", type=_step, metavar="N", help="stop after log position N")
    parser.add_argument("--verify", action="store_true", help="check the record, one line")
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    server = parser.add_argument_group("a game on a server (CODE, not a file)")
    server.add_argument(
        "--url",
        help=f"the server, as brink play's --url (default {SERVER_URL} with --token or --key)",
    )
    server.add_argument("--token", type=credential, help="your seat's token in the game")
    server.add_argument("--key", type=credential, help="the room's instructor key")


_step = whole_number("a step", 0, "steps start at 0, not {value}")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists() and path.suffix == "" and len(path.parts) == 1 and args.file != "-":
        path = Path(args.data_dir) / "games" / f"{args.file.upper()}.jsonl"
    try:  # `-`: brink games export CODE --out - | brink replay -
        data = sys.stdin.buffer.read() if args.file == "-" else path.read_bytes()
    except OSError as error:
        print(f"brink replay: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    return from_bytes(data, "stdin" if args.file == "-" else str(path), args)


def from_bytes(data: bytes, label: str, args: argparse.Namespace) -> int:
    """Read the record in `data` (from `label`: a file, stdin, a server) and tell or verify it
    as `args` ask."""
    started = time.perf_counter()
    try:
        verified = verify(read_record(decode_record(data, label), label), label)
    except RecordError as error:
        print(plain(f"FAILED {error}", kept=""), file=sys.stderr if not args.verify else sys.stdout)
        return 1
    if args.verify:
        header = verified.record.header
        took = time.perf_counter() - started
        said = (
            f"OK {label}: {header.code}, {header.scenario}, {header.entries} entries, "
            f"outcome {header.outcome or '(not over)'}, verified in {took:.2f} s"
        )
        print(plain(said, kept=""))
        return 0
    if past_the_end(args.step, len(verified.record.entries)):
        return 2
    for line in lines(verified, VIEWERS[args.viewer or "all"], args.step, args.lang):
        print(line)
    return 0


def past_the_end(step: int | None, last: int) -> bool:
    """Say so in one line if `--step` is past the game's last step (as `brink simulate --seed`
    past its end): exit 2."""
    if step is None or step <= last:
        return False
    print(f"brink replay: --step {step}: this game's last step is {last}", file=sys.stderr)
    return True


def lines(verified: Verified, viewer: Viewer, step: int | None, lang: str) -> list[str]:
    """Return what `viewer` was told up to log position `step` (None: the end), then where
    things stood. Nothing a record says reaches the terminal with its control characters: a
    record travels between servers (`brink games export`/`import`), and one made by hand may
    hold escape sequences in a name, a chat line, its title or its rules' words."""
    record = verified.record
    rules = record.rules
    language: Language = "zh" if lang == "zh" else "en"
    last = len(record.entries) if step is None else max(0, min(step, len(record.entries)))
    shown = [s for s in (visible(rules, e, viewer) for e in record.entries[:last]) if s]
    at = (last, len(record.entries))
    seen = view(rules, verified.states[last], viewer)
    whole = [s for s in (visible(rules, e, viewer) for e in record.entries) if s]
    holders = seat_holders(record.header, whole, played=played_seats(record.entries))
    return told_lines(rules, record.header, shown, viewer, language, at, seen, holders)


def told_lines(
    rules: Ruleset,
    header: Header,
    shown: list[Entry],
    viewer: Viewer,
    language: Language,
    at: tuple[int, int],
    standing: View,
    holders: dict[str, list[dict[str, str]]] | None = None,
) -> list[str]:
    """Return the lines telling the entries `viewer` was `shown` (as it was shown them), under
    the record's `header` (`holders`: everyone who held each seat), then where things stood at
    step `at[0]` of `at[1]` (`standing`)."""
    told: list[str] = header_line(header, rules, language, holders)
    deals, values = Deals(), Values(rules, language)
    values.begin(entry.event for entry in shown)  # a change told `0% → 34%`, as brink play does
    notes = sorted((n, note) for n, note in header.notes.items() if n <= at[0])
    for entry in shown:
        while notes and notes[0][0] < entry.n:  # (a note at an entry this viewer was not shown)
            told.append(_note_line(notes.pop(0)[1], language))
        if isinstance(entry.event, VariablesChanged):
            changed = values.line(entry.event)  # None: only the rules' bookkeeping changed
            if changed is not None:
                told.append(f"{entry.n:>5}  {changed}")
        elif entry.event is not None:
            said = event_line(rules, entry.event, language, deals)
            if said:
                told.append(f"{entry.n:>5}  {said}")
        elif entry.chat is not None:
            zh = language == "zh"
            team = ("（隊內）" if zh else " (team)") if entry.chat.team else ""
            name, colon = plain(entry.chat.name, kept=""), "：" if zh else ": "
            told.append(f"{entry.n:>5}  💬 {name}{team}{colon}{plain(entry.chat.text)}")
        elif entry.notice is not None:
            told.append(f"{entry.n:>5}  {notice_line(entry.notice, language, rules)}")
        elif entry.command is not None:
            said = command_line(rules, entry.command.seat, entry.command.command.type, language)
            told.append(f"{entry.n:>5}  {said}")
        while notes and notes[0][0] <= entry.n:  # the 2025 line's: after what it tells
            told.append(_note_line(notes.pop(0)[1], language))
    told += [_note_line(note, language) for _, note in notes]
    told.append(footer_line(rules, viewer, language, at, standing))
    return [plain(line) for line in told]  # the rules' words too: they came with the record


def _note_line(note: str | dict[str, str], language: Language) -> str:
    """A note of the record's (the historical line's "as it happened"), in the reader's language
    (else English, else any), as the replay page shows it."""
    said = note if isinstance(note, str) else note.get(language) or note.get("en") or ""
    if not said and isinstance(note, dict):
        said = next(iter(note.values()), "")
    return f"       📜 {said}"
