"""A room's game record (docs/replay.md), running or finished, and keeping a finished one:
in Redis with its summary in the index of past games, and on disk when archiving."""

from __future__ import annotations

import logging
from pathlib import Path

import orjson

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


class Unwritten:
    """The finished games whose record file could not be written (the folder unwritable, the
    disk full), oldest first: each is kept in Redis all the same, and its file is written from
    there later (`write`: every 30 s by the timer loop, after a record file that could be
    written, and as the server stops). Kept by the process, up to LIMIT games (a process that
    stops forgets them: their records stay in Redis, 7 days)."""

    LIMIT = 1000

    def __init__(self) -> None:
        self.codes: dict[str, Path] = {}
        self._writing = False
        self._failing = False
        """Whether the last try failed: a folder that stays unwritable is said once."""

    def add(self, code: str, folder: Path) -> None:
        self.codes[code] = folder
        while len(self.codes) > self.LIMIT:
            del self.codes[next(iter(self.codes))]

    async def write(self, store: Store, archiver: Archiver, every: bool = False) -> None:
        """Write the files missing, oldest first, from the records in Redis. A file that still
        cannot be written goes last in line and ends the pass (the folder is likely still
        unwritable: the others are not read from Redis for nothing), unless `every`: then the
        others are tried all the same (after a record file was written, and as the server
        stops)."""
        if self._writing:  # another game's end is at it
            return
        self._writing = True
        try:
            for code, folder in list(self.codes.items()):
                text = await store.games.record(code)
                if text is None:  # gone from Redis too: nothing left to write
                    self.codes.pop(code, None)
                    continue
                try:
                    await archiver.write(folder, code, text)
                except OSError as error:
                    if not self._failing:
                        log.warning("could not write the record of %s again: %s", code, error)
                    self._failing = True
                    self.codes.pop(code, None)
                    self.codes[code] = folder
                    if every:
                        continue
                    return
                # Only once written: a write cut short (the server stopping) is tried again.
                self.codes.pop(code, None)
                self._failing = False
                log.info("wrote the record of %s, which could not be written before", code)
        finally:
            self._writing = False


async def keep_finished(
    store: Store,
    folder: Path | None,
    room: Room,
    written: Written,
    archiver: Archiver,
    unwritten: Unwritten | None = None,
) -> None:
    """Keep a game that just ended: its record in Redis (its rules left out: they are kept
    once under their hash), listed; on disk in `folder`, whole. `written`: what the game's last
    commit gave back (its log, the seats' names and token hashes as it ended). A file that
    cannot be written is noted in `unwritten`, and written once a later one can be."""
    entries, names, tokens = written.log, written.names, written.hashes
    header = _header(room, entries, names)
    # In UTF-8 once, for the file and Redis both: the header's title has Chinese in it, so the
    # whole text is a two-byte-per-character string, which is slow to encode.
    text = bare_record(header, entries).encode()
    wrote: bool | None = None  # no folder
    if folder is not None:
        try:
            await archiver.write(folder, room.code, text, room.rules.json_bytes, room.rules.hash)
            wrote = True
        except OSError as error:  # the game is still kept in Redis, listed and replayable
            log.error("could not write the record of %s to %s: %s", room.code, folder, error)
            wrote = False
    info = room.info
    summary = summary_of(header, tokens, info.instructor_hash, info.owner, info.settings())
    rules = (room.rules.hash, room.rules.to_json())
    await store.games.keep(
        room.code, text, orjson.dumps(summary).decode(), header.ended or 0, rules
    )
    if unwritten is None or folder is None:
        return
    if not wrote:  # noted once its record is in Redis, where the file is written from
        unwritten.add(room.code, folder)
    elif unwritten.codes:  # the folder works: each is tried, one in the way holds up none
        await unwritten.write(store, archiver, every=True)
