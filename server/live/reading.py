"""Reading a room's log into this process's copy: catching up, the read a load makes, and
seeing that the log lines up with the room's `n` (damage.py) — the part of `Keeper`
(keeper.py) that reads rather than commits."""

from __future__ import annotations

from dataclasses import replace

from pydantic import TypeAdapter

from server.live import damage
from server.live.commit import fan_out
from server.live.rooms import Room
from server.protocol import Entry
from server.storage.store import SNAPSHOT_EVERY, BrokenLog, Store, Timing

ENTRY_LIST: TypeAdapter[list[Entry]] = TypeAdapter(list[Entry])


class Reader:
    """Brings copies of rooms up to date from their logs in Redis."""

    store: Store

    def _after_change(self, room: Room) -> None:
        """The copy has changed (keeper.py: a bot to move)."""
        raise NotImplementedError

    async def read_log(self, room: Room) -> Timing | None:
        """Fold the log after the snapshot into a room being loaded; return its timing, read
        after it (its `n` must agree with the log's end: else BrokenLog)."""
        # One read: the log after the snapshot, and the entries just before it, whose
        # client command ids the snapshot does not keep.
        entries = await self.entries_since(room, max(0, room.n - SNAPSHOT_EVERY))
        room.remember([entry for entry in entries if entry.n <= room.n])
        await self.absorb(room, entries)
        timing = await self.store.timing(room.code)
        if timing is None or timing.n == room.n:
            return timing
        if timing.n > room.n:  # committed since the read — or the log is short
            await self.catch_up(room)
            if room.n >= timing.n:
                return replace(timing, n=room.n, deadline=room.deadline_ms)
        await damage.loaded(self.store, room, timing.n)  # they disagree: raises
        return timing

    async def catch_up(self, room: Room) -> list[Entry]:
        """Fold in (and send to this process's sockets) whatever the log holds past the room's
        position; return those entries."""
        entries = await self.entries_since(room, room.n)
        await self.absorb(room, entries)
        return entries

    async def entries_since(self, room: Room, n: int) -> list[Entry]:
        """Return the room's log entries after position `n`, parsed, in order."""
        raw = await self.store.entries_since(room.code, n)
        return ENTRY_LIST.validate_json(f"[{','.join(raw)}]") if raw else []

    async def absorb(self, room: Room, entries: list[Entry]) -> None:
        """Fold in (and send to this process's sockets) those of `entries`, read from the log,
        that lie past the room's position (a gap in them: BrokenLog)."""
        entries = [entry for entry in entries if entry.n > room.n]
        if entries:
            room.deadline_ms = await self.store.deadline(room.code)
            try:
                room.fold(entries)
            except BrokenLog as error:
                raise await damage.found(self.store, room, error) from None
            fan_out(room, entries)
            self._after_change(room)

    async def _behind(self, room: Room) -> bool:
        """Return whether another process has committed past this copy of the room."""
        return await self.store.position(room.code) > room.n

    async def _refused(self, room: Room) -> None:
        """A commit was refused: catch up — and, with nothing to catch up on, see that the
        log and `n` line up."""
        if not await self.catch_up(room):
            await damage.lined_up(self.store, room)
