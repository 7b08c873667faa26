"""The game record (docs/replay.md): a header line, then every log entry as committed.

    {"format": "brinkmanship-record", "version": 1, "code": …, "scenario": …, "title": {…},
     "started": ms, "ended": ms|null, "seats": {seat: name}, "bots": {side: bot},
     "outcome": id|null, "entries": N, "rules_hash": …, "rules": {…}, "forked_from": null}
    {"n": 1, "command": {…}, "at": ms, …}
    …

A record carries its rules, so it replays on a server whose rules/ have changed since. Reading
one checks every line: a line that is not an entry, a missing or repeated position, fewer
entries than the header promises, or rules that do not match their hash are refused with the
line named. (An entry edited into another valid entry is caught by `verify`.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from server.protocol import Entry
from server.ruleset.model import Ruleset
from server.ruleset.plain import PlainReads

FORMAT = "brinkmanship-record"
VERSION = 1
LAST_MS = 253_402_300_799_999
"""The last millisecond of the year 9999: a record's times are ms since 1970 up to it."""


class RecordError(ValueError):
    """A record that cannot be read as it is: the message names the source and the line."""


class Fork(PlainReads, BaseModel):
    """Where a forked game came from: the record's room and the step it continued from."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    step: int = Field(ge=0)


class Header(PlainReads, BaseModel):
    """The record's first line."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    format: str = FORMAT
    version: int = VERSION
    code: str
    scenario: str
    title: dict[str, str] = {}
    started: Annotated[int, Field(ge=0, le=LAST_MS)] | None = None
    ended: Annotated[int, Field(ge=0, le=LAST_MS)] | None = None
    seats: dict[str, str] = {}
    bots: dict[str, str] = {}
    outcome: str | None = None
    entries: int = Field(ge=0)
    rules_hash: str
    rules: dict[str, Any]
    forked_from: Fork | None = None
    notes: dict[int, str | dict[str, str]] = {}
    """Words for people at some positions (the historical line's notes), by position: a note
    in one language, or in several by language (`{"en": …, "zh": …}`)."""


@dataclass(frozen=True, slots=True)
class Record:
    """A record read back: its header, its rules and its entries (positions 1…N, in order)."""

    header: Header
    rules: Ruleset
    entries: list[Entry]


def write_record(header: Header, entries: list[str], rules: Ruleset | None = None) -> str:
    """Return the record's text: the header, then the entries as stored (JSON, one a line).
    `rules` (the header's, as a Ruleset): its JSON, serialised once per ruleset, is put in
    instead of serialising the header's copy again (two thirds of a finished game's keeping)."""
    if rules is None or header.rules_hash != rules.hash:
        return "\n".join([header.model_dump_json(), *entries]) + "\n"
    return with_rules(bare_record(header, entries), rules.to_json())


RULES_LEFT_OUT = '"rules":{}'
"""A header's rules left out (as storage/games.py keeps a finished game's record)."""


def bare_record(header: Header, entries: list[str]) -> str:
    """Return the record's text with its rules left out (`"rules":{}`): how Redis keeps a
    finished game's, its rules being kept once for every game under their hash."""
    first = header.model_copy(update={"rules": {}}).model_dump_json()
    return "\n".join([first, *entries]) + "\n"


def with_rules(bare: str, rules_json: str) -> str:
    """Return a `bare_record` with its rules (their JSON) put back in its header."""
    return bare.replace(RULES_LEFT_OUT, f'"rules":{rules_json}', 1)


def in_seat_order(rules: Ruleset, seats: dict[str, str]) -> dict[str, str]:
    """Return `seats` (seat -> who) in the order the rules name them: Washington's then
    Beijing's, a side's own seat first, then its roles as the rules list them (a team read
    "Bo Li; Ada Lovelace", Treasury before President, in the order they joined); a seat the
    rules do not name last, as it was."""
    order: dict[str, int] = {}
    for side, spec in rules.spec.sides.items():
        order[side] = len(order)
        for role in spec.roles:
            order[f"{side}:{role.id}"] = len(order)
    return dict(sorted(seats.items(), key=lambda item: order.get(item[0], len(order))))


def header_for(
    code: str,
    rules: Ruleset,
    entries: list[str],
    seats: dict[str, str],
    bots: dict[str, str],
    forked_from: Fork | None = None,
) -> Header:
    """Return the header of a record of `entries` (as stored): its times are the first
    entry's and, once the game is over, the last's; its outcome the game's end's. A "what if"
    game began when it was made: its first own entry's time, past the entries it continues
    from (theirs are the original game's), else none yet."""
    own = entries[forked_from.step :] if forked_from is not None else entries
    first = Entry.model_validate_json(own[0]) if own else None
    last = Entry.model_validate_json(entries[-1]) if entries else None
    outcome = None
    for text in reversed(entries):  # the end of the game, perhaps followed by chat
        if '"game_ended"' in text:
            ending = Entry.model_validate_json(text).event
            outcome = getattr(ending, "outcome", None)
            break
    return Header(
        code=code,
        scenario=rules.id,
        title={"en": rules.scenario.name.en, "zh": rules.scenario.name.zh},
        started=first.at if first is not None else None,
        ended=last.at if outcome is not None and last is not None else None,
        seats=in_seat_order(rules, seats),
        bots=bots,
        outcome=outcome,
        entries=len(entries),
        rules_hash=rules.hash,
        rules=rules.data,
        forked_from=forked_from,
    )


def decode_record(data: bytes, source: str = "record") -> str:
    """Return a record file's bytes as text (UTF-8; a byte-order mark, which some editors put
    first, left out); raise RecordError for anything else: a compressed file, random bytes, a
    file cut in the middle of a character."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if error.end == len(data) and error.reason == "unexpected end of data":
            raise RecordError(
                f"{source}:{line}: the file stops in the middle of a character (truncated?)"
            ) from None
        raise RecordError(
            f"{source}:{line}: not a game record: not UTF-8 text (byte {error.start + 1}); "
            "a record is the .jsonl text file the server wrote"
        ) from None


def read_record(text: str, source: str = "record") -> Record:
    """Return the record in `text`; raise RecordError naming `source` and the line."""
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        raise RecordError(f"{source}:1: empty: a record starts with its header line")
    header = _header(lines[0], source)
    if not header.rules:
        raise RecordError(
            f"{source}:1: the rules are missing (the server kept them apart, under their hash "
            f"{header.rules_hash}, and no longer has them)"
        )
    try:
        # Read to be replayed: rules the engine could not play on still replay (forks and the
        # evaluation graph, which play on, refuse them: Ruleset.unplayable).
        rules = Ruleset.from_json(json.dumps(header.rules), to_play=False)
    except (ValidationError, ValueError, RecursionError) as error:
        raise RecordError(f"{source}:1: the rules do not load: {_first(error)}") from None
    if rules.hash != header.rules_hash:
        raise RecordError(
            f"{source}:1: the rules are not the ones the game was played with "
            f"(hash {rules.hash}, the header says {header.rules_hash}): edited?"
        )
    if header.scenario != rules.id:
        raise RecordError(
            f"{source}:1: the header says scenario {header.scenario!r}, its rules are "
            f"scenario {rules.id!r} (edited, or another game's rules)"
        )
    wrong = next((seat for seat in [*header.seats, *header.bots] if not _a_seat(rules, seat)), None)
    if wrong is not None:
        raise RecordError(
            f"{source}:1: the header seats someone at {wrong!r}, not a seat of its rules "
            "(a side, or SIDE:ROLE of one of its team roles): edited?"
        )
    entries: list[Entry] = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        try:
            entry = Entry.model_validate_json(line)
        except ValidationError as error:
            raise RecordError(f"{source}:{number}: not a log entry: {_first(error)}") from None
        expected = len(entries) + 1
        if entry.n != expected:
            raise RecordError(
                f"{source}:{number}: entry {entry.n} where entry {expected} should be "
                "(a line is missing, repeated or out of order)"
            )
        entries.append(entry)
    if len(entries) > header.entries:
        raise RecordError(
            f"{source}:{_line_of(lines, header.entries + 1)}: entry {header.entries + 1} is past "
            f"the end: the header promises {header.entries} entries and the record holds "
            f"{len(entries)} (edited?)"
        )
    if len(entries) != header.entries:
        raise RecordError(
            f"{source}:{len(lines) + 1}: the record ends after {len(entries)} entries but its "
            f"header promises {header.entries} (truncated?)"
        )
    return Record(header, rules, entries)


def _a_seat(rules: Ruleset, seat: str) -> bool:
    """Whether `seat` is a seat of `rules`: a side, or a team role of one (`beijing:leader`)."""
    side, _, role = seat.partition(":")
    spec = rules.spec.sides.get(side)  # type: ignore[call-overload]
    return spec is not None and (not role or any(r.id == role for r in spec.roles))


def _line_of(lines: list[str], position: int) -> int:
    """The file's line number of the entry at `position` (blank lines are let through)."""
    seen = 0
    for number, line in enumerate(lines[1:], 2):
        seen += bool(line.strip())
        if seen == position:
            return number
    return len(lines) + 1


def _header(line: str, source: str) -> Header:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordError(f"{source}:1: the header is not JSON ({error.msg})") from None
    except RecursionError:
        raise RecordError(f"{source}:1: the header is not JSON (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError(f'{source}:1: not a Brinkmanship game record (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise RecordError(
            f"{source}:1: record version {data.get('version')!r}; this reads {VERSION}"
        )
    try:
        return Header.model_validate(data)
    except ValidationError as error:
        raise RecordError(f"{source}:1: bad header: {_first(error)}") from None


def _first(error: Exception) -> str:
    if isinstance(error, ValidationError):
        item = error.errors()[0]
        where = ".".join(str(part) for part in item["loc"])
        return f"{where}: {item['msg']}" if where else str(item["msg"])
    return str(error).splitlines()[0]


def summary_of(
    header: Header,
    tokens: dict[str, str],
    instructor: str,
    owner: str = "",
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return what the list of past games shows of a record, and who may open it: `tokens`
    (seat -> hash of its token), `instructor` (hash of the room's key) and `owner` (the
    instructor account that made the room), never shown; `settings`, the room's language and
    turn clock (RoomInfo.settings: None for a record imported or historical), which a "what if"
    of it keeps."""
    return {
        "code": header.code,
        "scenario": header.scenario,
        "rules_hash": header.rules_hash,
        "title": header.title,
        "started": header.started,
        "ended": header.ended,
        "seats": header.seats,
        "bots": header.bots,
        "outcome": header.outcome,
        "entries": header.entries,
        "forked_from": header.forked_from.model_dump() if header.forked_from else None,
        "settings": settings,
        "public": False,
        "tokens": tokens,
        "instructor": instructor,
        "owner": owner,
    }
