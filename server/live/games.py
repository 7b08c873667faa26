"""Past and running games opened for replay: who may open what, and a small cache of verified
records (verifying a long game once, not at every step).

Who may open a game (docs/replay.md): the room's instructor key opens it all-seeing; a seat's
token opens it as that seat's side (or as a spectator); a finished game marked public opens for
anyone, every view. Nothing else: no view is served that the asker could not have seen.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from server.engine import Viewer
from server.live.hub import Hub
from server.live.records import record_of
from server.protocol.codes import HISTORY_CODE
from server.replay.holders import Holder, played_seats, seat_holders
from server.replay.record import RecordError, read_record, summary_of
from server.replay.verify import Verified, verify
from server.replay.visible import viewer_of, visible
from server.storage.games import Games
from server.storage.store import token_hash

ALL: frozenset[Viewer] = frozenset({"washington", "beijing", "spectator", "instructor"})
CACHED = 64
"""Games kept verified (a 250-entry game takes about 2 MB): a class's rooms, which its debrief
reads all at once (server/web/debrief.py, at most 60), and the games being replayed meanwhile."""


@dataclass(frozen=True, slots=True)
class Access:
    """What a request presents: the room's instructor key, seat tokens, and the signed-in
    instructor account (which opens the rooms it made)."""

    key: str | None = None
    tokens: tuple[str, ...] = ()
    account: str | None = None
    granted: tuple[tuple[str, Viewer], ...] = ()
    """(room, view) pairs a presenting instructor's grants open (docs/debrief.md)."""
    keys: tuple[str, ...] = ()
    """More rooms' instructor keys (`X-Brink-Keys`: one listing of several rooms' games)."""


@dataclass(frozen=True, slots=True)
class Hashed:
    """An `Access`'s keys and tokens as they are stored (hashed once, not once a game: a
    listing weighs up to 5000 games against up to 50 tokens)."""

    keys: tuple[str, ...]
    """The instructor key's hash first (if any), then those of `Access.keys`, in order."""
    tokens: tuple[str, ...]

    @classmethod
    def of(cls, access: Access) -> Hashed:
        keys = (access.key, *access.keys) if access.key else access.keys
        return cls(tuple(map(token_hash, keys)), tuple(map(token_hash, access.tokens)))


def viewers(
    summary: dict[str, Any], access: Access, hashed: Hashed | None = None
) -> frozenset[Viewer]:
    """Return the views of the game `access` may open (`hashed`: its credentials hashed)."""
    hashed = hashed or Hashed.of(access)
    if summary.get("instructor") in hashed.keys:
        return ALL
    if access.account and summary.get("owner") == access.account:
        return ALL
    if summary.get("public") and summary.get("outcome") is not None:
        return ALL
    seats = [seat for seat, held in summary.get("tokens", {}).items() if held in hashed.tokens]
    granted = {viewer for room, viewer in access.granted if room == summary.get("code")}
    if not seats and not granted:
        return frozenset()
    return frozenset({viewer_of(seat) for seat in seats} | granted | {"spectator"})


@dataclass
class Replays:
    """Opening games for replay, running or finished, with their summaries."""

    hub: Hub
    _cache: OrderedDict[tuple[str, int], Verified] = field(default_factory=OrderedDict)
    _verifying: dict[tuple[str, int], asyncio.Task[Verified]] = field(default_factory=dict)

    @property
    def games(self) -> Games:
        return self.hub.store.games

    async def summary(self, code: str) -> dict[str, Any] | None:
        """Return the game's summary: a finished game's from the index, a running game's made
        now from its room."""
        if code == HISTORY_CODE:
            return self._history_summary()
        found = await self.games.summary(code)
        if found is not None:
            return dict(json.loads(found))
        room = await self.hub.room(code)
        if room is None:
            return None
        header, _ = await record_of(self.hub.store, room)
        tokens = await self.hub.store.seat_hashes(code)
        info = room.info
        return summary_of(header, tokens, info.instructor_hash, info.owner, info.settings())

    async def open(self, code: str) -> Verified | None:
        """Return the game verified (a running game as far as it has got): kept from the last
        time, or read and verified now in a thread (a long game takes 50 ms and more, which
        the other games this process serves would wait for on the event loop)."""
        text = await self.games.record(code)
        if code == HISTORY_CODE and self.hub.history is not None:
            text = self.hub.history[1]
        if text is None:
            room = await self.hub.room(code)
            if room is None:
                return None
            key = (code, room.n)
            if key not in self._cache:
                _, text = await record_of(self.hub.store, room)
        else:
            key = (code, -1)
        if key not in self._cache:
            assert text is not None
            found = await self._verified_once(key, text, code)
            if key in self._cache:  # kept by another asker meanwhile
                return self._cache[key]
            kept = [k for k in self._cache if k[0] == code]
            if any(_later(k, key) for k in kept):  # a later step of it was kept meanwhile
                return found
            for older in kept:  # as it was, moves ago
                del self._cache[older]
            self._cache[key] = found
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        self._cache.move_to_end(key)
        return self._cache[key]

    async def _verified_once(self, key: tuple[str, int], text: str, code: str) -> Verified:
        """Return `verified(text, code)`, worked out in a thread and shared with whoever asks
        for `key` meanwhile: a class of 40 opening one replay at once verifies it once, not 40
        times side by side. One asker gone (its connection closed) does not stop it."""
        task = self._verifying.get(key)
        if task is None:
            task = self._verifying[key] = asyncio.ensure_future(
                asyncio.to_thread(verified, text, code)
            )
            task.add_done_callback(lambda done: self._verified_done(key, done))
        return await asyncio.shield(task)

    def _verified_done(self, key: tuple[str, int], task: asyncio.Task[Verified]) -> None:
        if self._verifying.get(key) is task:
            del self._verifying[key]
        if not task.cancelled():
            task.exception()  # retrieved: all its askers may have gone

    async def make_public(self, code: str, public: bool) -> bool:
        found = await self.games.summary(code)
        if found is None:
            return False
        summary = json.loads(found)
        summary["public"] = public
        await self.games.set_summary(code, json.dumps(summary))
        return True

    async def listed(self, access: Access) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Return the summaries of the finished games `access` may open, newest first, each
        with the views it may open (and without who may open it); and which of its credentials
        opened any: `{"key": bool (None: no key), "keys": [bool per one of `Access.keys`],
        "tokens": [bool per token]}`."""
        shown = []
        hashed = Hashed.of(access)
        key_hits = dict.fromkeys(hashed.keys, False)  # by hash: a key given twice is one
        token_hits = dict.fromkeys(hashed.tokens, False)
        kept = await self.games.newest()
        summaries = await self._with_holders([json.loads(text) for text in kept], kept)
        for summary in summaries:
            allowed = viewers(summary, access, hashed)
            if allowed:
                shown.append(public_summary(summary, allowed))
            if summary.get("instructor") in key_hits:
                key_hits[summary["instructor"]] = True
            for held in summary.get("tokens", {}).values():
                if held in token_hits:
                    token_hits[held] = True
        history = self._history_summary()
        if history is not None:
            shown.append(public_summary(history, ALL))
        keys = [key_hits[key] for key in hashed.keys]
        key_hit = keys.pop(0) if access.key else None
        tokens = [token_hits[token] for token in hashed.tokens]
        return shown, {"key": key_hit, "keys": keys, "tokens": tokens}

    async def _with_holders(
        self, summaries: list[dict[str, Any]], texts: list[str]
    ) -> list[dict[str, Any]]:
        """Return `summaries` (their JSON `texts`), each with its `holders`: everyone who held
        each seat, which the listing shows and its `player` filter searches (the header's
        `seats` name each seat's last holder only: a student moved out was in no game). A game
        listed without them (kept by a server from before they were) has them read from its
        record, in a thread, and written to its summary once (unless it changed meanwhile)."""
        missing = [i for i, summary in enumerate(summaries) if "holders" not in summary]
        if not missing:
            return summaries
        records = await self.games.records([summaries[i]["code"] for i in missing])
        found = await asyncio.to_thread(_holders_read, records)
        writes = []
        for i, holders in zip(missing, found, strict=True):
            summary = summaries[i]
            if holders is None:  # its record gone or unreadable: its last holders only
                summary["holders"] = {seat: [{"name": n}] for seat, n in summary["seats"].items()}
                continue
            summary["holders"] = holders
            writes.append((summary["code"], texts[i], json.dumps(summary)))
        await self.games.replace_summaries(writes)
        return summaries

    def _history_summary(self) -> dict[str, Any] | None:
        """The historical line: open to everyone, every view (it is history)."""
        if self.hub.history is None:
            return None
        summary = summary_of(self.hub.history[0], {}, "")
        summary["public"] = True
        summary["holders"] = {seat: [{"name": n}] for seat, n in summary["seats"].items()}
        return summary


def _later(one: tuple[str, int], other: tuple[str, int]) -> bool:
    """Whether cache key `one` holds a later point of the game than `other` (n -1: the record of
    the finished game, the last of all)."""
    return (one[1] == -1 and other[1] != -1) or (other[1] != -1 and one[1] > other[1])


def _holders_read(records: list[str | None]) -> list[dict[str, list[Holder]] | None]:
    """Each record's holders of each seat (`seat_holders`) as everyone was shown them (a
    spectator's entries: not a name only a side's team chat showed; every side's players'
    moves, whose coming back was told to the whole room); None for a record gone or that does
    not read."""
    found: list[dict[str, list[Holder]] | None] = []
    for text in records:
        try:
            record = read_record(text, "record") if text is not None else None
        except RecordError:
            record = None
        if record is None:
            found.append(None)
            continue
        seen = [visible(record.rules, entry, "spectator") for entry in record.entries]
        public = [entry for entry in seen if entry is not None]
        played = played_seats(record.entries)
        found.append(seat_holders(record.header, public, None, played))
    return found


def verified(text: str, code: str) -> Verified:
    """Return game `code`'s record `text` read and verified (RecordError if it is not one)."""
    return verify(read_record(text, code), code)


def public_summary(summary: dict[str, Any], allowed: frozenset[Viewer]) -> dict[str, Any]:
    """Return a summary as it is shown: without the hashes that say who may open it, and
    saying whether it is a record imported here (`imported`, false for a game played here)."""
    shown = {k: v for k, v in summary.items() if k not in ("tokens", "instructor", "owner")}
    shown["imported"] = bool(summary.get("imported"))
    shown["views"] = sorted(allowed)
    return shown
