"""Checking a game record brought from another server (`POST /api/games/import`): it must
read and verify here, be a finished game, and is kept as cleaned (server/replay/clean.py), read
and verified again as it is kept. All of it is CPU (a 16 MiB record takes about a second), so
the server runs it in a worker process (server/web/imports.py), never on its event loop."""

from __future__ import annotations

from dataclasses import dataclass

from server.replay.clean import cleaned_text
from server.replay.record import LAST_MS, Header, Record, RecordError, decode_record, read_record
from server.replay.verify import verify

SOURCE = "upload"
"""How the messages name the record (`upload:3: …`)."""


class NotFinished(ValueError):
    """The record's game is not over: only a finished game can be imported."""


@dataclass(frozen=True)
class Imported:
    """A record that read and verified: its text as it is to be kept (cleaned) and its header."""

    text: str
    header: Header


def checked_import(data: bytes) -> Imported:
    """Return the record in `data` as it is to be kept; raise RecordError if it does not read
    or verify, or an entry's time is no time (the message names the line), NotFinished if its
    game is not over."""
    text = decode_record(data, SOURCE)
    record = read_record(text, SOURCE)
    _times_checked(record, text)
    verified = verify(record, SOURCE)
    if verified.record.header.outcome is None:
        raise NotFinished("only a finished game can be imported")
    text = cleaned_text(verified.record, text)
    header = verify(read_record(text, SOURCE), SOURCE).record.header  # as it is kept
    return Imported(text, header)


def _times_checked(record: Record, text: str) -> None:
    """Raise RecordError, naming the line, for an entry whose `at` is not a time a record's
    header may hold (ms since 1970 up to the year 9999, `LAST_MS`): live entries carry the
    moment they were committed, and one of 10**30 was kept, shown and exported as it came
    (past 2**53 a browser reads it wrong, past 2**63 a JSON encoder in C refuses it). Records
    already kept are not read with this check: only what is imported from now on."""
    lines = text.removeprefix("\ufeff").splitlines()
    numbered = [number for number, line in enumerate(lines[1:], 2) if line.strip()]
    for number, entry in zip(numbered, record.entries, strict=True):  # as read_record reads
        if entry.at is not None and not 0 <= entry.at <= LAST_MS:
            raise RecordError(
                f'{SOURCE}:{number}: entry {entry.n}\'s "at" is {entry.at}, not a time: '
                "ms since 1970, up to the year 9999"
            )
