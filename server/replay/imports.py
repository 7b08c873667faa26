"""Checking a game record brought from another server (`POST /api/games/import`): it must
read and verify here, be a finished game, and is kept as cleaned (server/replay/clean.py), read
and verified again as it is kept. All of it is CPU (a 16 MiB record takes about a second), so
the server runs it in a worker process (server/web/imports.py), never on its event loop."""

from __future__ import annotations

from dataclasses import dataclass

from server.replay.clean import cleaned_text
from server.replay.record import Header, decode_record, read_record
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
    or verify (the message names the line), NotFinished if its game is not over."""
    text = decode_record(data, SOURCE)
    verified = verify(read_record(text, SOURCE), SOURCE)
    if verified.record.header.outcome is None:
        raise NotFinished("only a finished game can be imported")
    text = cleaned_text(verified.record, text)
    header = verify(read_record(text, SOURCE), SOURCE).record.header  # as it is kept
    return Imported(text, header)
