"""A room's game record (docs/replay.md), running or finished, and keeping a finished one:
in Redis with its summary in the index of past games, and on disk when archiving."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from server.live.rooms import Room
from server.replay.record import (
    Fork,
    Header,
    bare_record,
    header_for,
    summary_of,
    write_record,
)
from server.storage.archiver import Archiver
from server.storage.store import Store, Written

log = logging.getLogger("brink.records")


async def record_of(
    store: Store, room: Room, entries: list[str] | None = None
) -> tuple[Header, str]:
    """Return the room's record: its header and its text (`entries`: the log, if in hand)."""
    if entries is None:
        entries = await store.entries_since(room.code, 0)
    return _record(room, entries, await store.seats(room.code))


def _record(room: Room, entries: list[str], names: dict[str, str]) -> tuple[Header, str]:
    header = _header(room, entries, names)
    return header, write_record(header, entries, room.rules)


def _header(room: Room, entries: list[str], names: dict[str, str]) -> Header:
    bots = {str(side): bot for side, bot in room.info.bots.items()}
    source, _, at = room.info.forked_from.partition(":")
    fork = Fork(code=source, step=int(at)) if source else None
    return header_for(room.code, room.rules, entries, names, bots, fork)


async def keep_finished(
    store: Store, folder: Path | None, room: Room, written: Written, archiver: Archiver
) -> None:
    """Keep a game that just ended: its record in Redis (its rules left out: they are kept
    once under their hash), listed; on disk in `folder`, whole. `written`: what the game's last
    commit gave back (its whole log, the seats' names and token hashes)."""
    entries, names, tokens = written.log, written.names, written.hashes
    header = _header(room, entries, names)
    text = bare_record(header, entries)
    if folder is not None:
        try:
            await archiver.write(folder, room.code, text, room.rules.json_bytes, room.rules.hash)
        except OSError as error:  # the game is still kept in Redis, listed and replayable
            log.error("could not write the record of %s to %s: %s", room.code, folder, error)
    summary = summary_of(header, tokens, room.info.instructor_hash, room.info.owner)
    rules = (room.rules.hash, room.rules.to_json())
    await store.games.keep(room.code, text, json.dumps(summary), header.ended or 0, rules)
