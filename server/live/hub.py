"""The rooms this process serves (keeper.py), and what reaches them from other processes:
their commits and presence by pub/sub, the quick matches made for tickets waiting here, and
catching up after the pub/sub connection was lost."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from redis.exceptions import RedisError

from server.live.commit import fan_out
from server.live.keeper import Keeper
from server.live.reading import ENTRY_LIST
from server.live.rooms import Listener, Room
from server.protocol import Entry, Presence
from server.storage.liveness import at_edge
from server.storage.store import BrokenLog

log = logging.getLogger("brink.hub")

DEPART_AGAIN = 1.0
"""Seconds between tries to count the goings Redis could not be told of (`depart_later`)."""


class Hub(Keeper):
    """Every room this process has loaded, kept current with what other processes do."""

    async def listen(self) -> None:
        """Apply what other processes commit to the rooms this process holds."""
        await self.relay.listen()

    async def watch_ticket(self, ticket: str) -> None:
        await self.relay.watch_ticket(ticket)

    async def unwatch_ticket(self, ticket: str) -> None:
        await self.relay.unwatch_ticket(ticket)

    async def _reconnected(self) -> None:
        """Pub/sub was cut off: read what every room held here missed from its log."""
        for room in list(self.rooms.values()):
            self._spawn(self.hold_and_catch_up(room))
        for ticket in list(self.tickets):
            found = await self.live.pick_up(ticket)
            if found is not None:
                await self._matched(ticket, json.loads(found), picked=True)

    async def hold_and_catch_up(self, room: Room) -> None:
        """Hold the room again (Redis may have lost this process among its holders, or a sweep
        taken it out) and read what it missed from the log; a Redis error is logged."""
        try:
            # Held again first: a Redis restored from an older copy may have lost it.
            await self.relay.subscribe(room.code)
            async with room.lock:
                await self.catch_up(room)
        except (RedisError, OSError) as error:
            log.warning("could not catch up %s after reconnecting: %s", room.code, error)
        except BrokenLog:  # logged where it was found (damage.py)
            pass

    async def _matched(self, ticket: str, payload: dict[str, Any], picked: bool = False) -> None:
        conn = self.tickets.pop(ticket, None)
        await self.relay.unwatch_ticket(ticket)
        if not picked:  # kept on sealed: the connection seated here may be one the player has
            await self.live.pick_up(ticket, payload)  # lost, and they take the seat over
        if conn is not None and self.on_match is not None:
            await self.on_match(conn, payload)

    async def _from_elsewhere(self, code: str, payload: dict[str, Any]) -> None:
        room = self.rooms.get(code)
        if room is None:
            if code in self._loading:  # what the load read may come before this commit
                self._spawn(self._after_load(code))
            return
        if "presence" in payload:
            presence = Presence.model_validate(payload["presence"])
            # After a seating under way here (it holds the lock from its read of the seats'
            # names to joining the audience), as a commit is: a player sitting down at once on
            # another process is told in the same script as its claim (JOIN_SEAT), and the
            # connection being seated here, which read the names before that claim, would miss
            # it.
            async with room.lock:
                for connection in list(room.connections):
                    connection.send(presence)
            if presence.status == "left":
                await self.unseat(room, presence.seat)
            return
        entries = ENTRY_LIST.validate_python(payload["entries"])
        async with room.lock:
            if entries[-1].n <= room.n:
                return
            if entries[0].n != room.n + 1:
                await self.catch_up(room)
                return
            room.deadline_ms = payload.get("deadline")
            room.fold(entries)
            fan_out(room, entries)
            self._after_change(room)

    def release(self, room: Room, held: bool = True) -> None:
        """Forget a room nobody here watches (it reloads from Redis when needed again).
        `held` False: this process is no longer among its holders (the script that counted its
        last connection going took it out: `lets_go`); if somebody came meanwhile, it holds
        the room again and reads what it missed."""
        if self.rooms.get(room.code) is not room:
            return
        if room.connections or room.bots or room.arriving:
            if not held:
                self._spawn(self.hold_and_catch_up(room))
            return
        del self.rooms[room.code]
        self.live.released(room.code)
        self._unindexed.discard(room.code)  # loading it again indexes it
        if held:
            self._spawn(self._let_go(room.code))
        self.metrics.rooms.set(len(self.rooms))

    def depart_later(self, code: str, seat: str, name: str) -> None:
        """A connection holding `seat` closed, and its going could not be counted (Redis was
        away: the script did not run): count it once Redis answers again (`_depart`), so the
        seat is not shown at the table for good."""
        count, _ = self.departures.get((code, seat), (0, name))
        self.departures[code, seat] = (count + 1, name)
        if self._departing is None or self._departing.done():
            self._departing = task = asyncio.create_task(self._depart())
            self._tasks.add(task)  # cancelled with the others when the process stops
            task.add_done_callback(self._tasks.discard)

    async def _depart(self) -> None:
        """Count the goings `depart_later` was given, every DEPART_AGAIN seconds until Redis
        answers; each lets the room go too if this process no longer has it."""
        while self.departures:
            await asyncio.sleep(DEPART_AGAIN)
            for (code, seat), (count, name) in list(self.departures.items()):
                away = Presence(seat=seat, name=name, status="away")
                gone = code not in self.rooms and code not in self._loading
                try:
                    await self.present(code, seat, -1, away, let_go=gone)
                except (RedisError, OSError):
                    break  # still away: next time
                if count > 1:
                    self.departures[code, seat] = (count - 1, name)
                else:
                    del self.departures[code, seat]
                room = self.rooms.get(code)
                if gone and room is not None:  # loaded again meanwhile: held again
                    self._spawn(self.hold_and_catch_up(room))

    def lets_go(self, room: Room) -> bool:
        """Whether the room would be let go (`release`) if nothing changed: no connection here,
        none being seated, no bot, and it is the room held."""
        idle = not room.connections and not room.bots and not room.arriving
        return idle and self.rooms.get(room.code) is room

    async def _let_go(self, code: str) -> None:
        """Stop being one of the room's holders — unless it is being loaded here again, or was
        (whose `hold` this may have overtaken: then hold it again)."""
        await self.relay.unsubscribe(code)
        if code in self.rooms or code in self._loading:
            with contextlib.suppress(RedisError, OSError):
                await self.relay.subscribe(code)

    async def _after_load(self, code: str) -> None:
        """Catch a room being loaded up with its log once the load is over."""
        lock, _ = self._loading.get(code, (None, 0))
        if lock is not None:
            async with lock:
                pass
        room = self.rooms.get(code)
        if room is not None:
            await self.hold_and_catch_up(room)

    async def unseat(self, room: Room, seat: str) -> None:
        """The seat was given up: this process's connections that still held it leave the
        room (they were sent the `left` presence)."""
        for connection in list(room.connections):
            if connection.audience == seat:
                room.connections.discard(connection)
                connection.unseat()
                await self.live.presence(room.code, seat, -1)
        self.release(room)

    async def entries_and_names(
        self, room: Room, n: int
    ) -> tuple[list[Entry], dict[str, str], dict[str, int], set[str]]:
        """Return the room's log entries after `n`, parsed, its seats' names (seat -> display
        name) and connections (in every process), and the seats given on whose new holder has
        not connected yet, in one exchange with Redis."""
        raw, names, present, fresh = await self.store.entries_and_names(room.code, n)
        return _parsed(raw), names, present, fresh

    async def join_seat(
        self, room: Room, seat: str, token: str, name: str, n: int, told: tuple[Presence, Presence]
    ) -> tuple[list[Entry], dict[str, str], int, dict[str, int], set[str]] | None:
        """Give `seat` to the holder of `token`, count this connection among the seat's (as
        `present` does: the room's other processes are told `told[0]` if it is the seat's
        first connection, else `told[1]`), and return `entries_and_names` after `n`, the
        seat's connections and every seat's, and the seats given on whose new holder has not
        connected yet, in one script; None if the seat is taken. The
        connections here are told by `shown` (once the joiner has its `joined`)."""
        texts = (_presence_json(told[0]), _presence_json(told[1]))
        listing = self.live.listing(room.code)
        self.live.listed(room.code)  # the other seat's join, under way at once, need not
        try:
            found = await self.store.join_seat(
                room.code, seat, token, name, n, self.origin, texts, *listing
            )
        except BaseException:
            if listing:
                self.live.released(room.code)  # listed with the next one
            raise
        if found is None:
            return None
        entries, names, count, present, fresh = found
        return _parsed(entries), names, count, present, fresh

    async def present(
        self,
        code: str,
        seat: str,
        change: int,
        edge: Presence | None,
        other: Presence | None = None,
        let_go: bool = False,
    ) -> int:
        """Count a connection of `seat` coming (`change` 1) or going (-1) and tell the room,
        here and in the other processes — in one script with the count: `edge` if it was the
        seat's first connection to come or its last to go, else `other` (None: nothing).
        Return the seat's connections across every process. `let_go`: this process is taken
        out of the room's holders in the same script (then `release` the room, not held)."""
        told = (_presence_json(edge), _presence_json(other))
        count = await self.live.presence(code, seat, change, told, let_go)
        self.shown(code, change, count, edge, other)
        return count

    def shown(
        self, code: str, change: int, count: int, edge: Presence | None, other: Presence | None
    ) -> None:
        """Tell the room's connections here of a presence change counted (`present`)."""
        chosen = edge if at_edge(change, count) else other
        room = self.rooms.get(code)
        if chosen is not None and room is not None:
            self._tell(room, chosen)

    async def announce(self, code: str, presence: Presence) -> None:
        """Tell the room (here and in other processes) that a seat came or went."""
        room = self.rooms.get(code)
        if room is not None:
            self._tell(room, presence)
        await self.relay.publish(code, {"presence": presence.model_dump()})

    def _tell(self, room: Room, presence: Presence) -> None:
        """Send a presence change to the room's connections here — and to those being seated
        now, once they are: each read who is here before this change, and was not yet among the
        connections (as the other processes' changes wait for the seating: `_from_elsewhere`).
        Those come after any told so before them, in order."""
        told = list(room.connections)
        for connection in told:
            connection.send(presence)
        room.presence_told += 1
        if room.arriving or room.telling:
            room.telling += 1
            self._spawn(self._tell_seated(room, presence, set(told), room.presence_told))

    async def _tell_seated(
        self, room: Room, presence: Presence, told: set[Listener], seq: int
    ) -> None:
        try:
            async with room.lock:  # a seating holds it from its read to joining the audience
                for connection in list(room.connections):
                    # not to one whose read came after this change: it knows (joined.present)
                    if connection not in told and connection.read_presence < seq:
                        connection.send(presence)
        finally:
            room.telling -= 1

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await self.finish_keeping()
        await self.relay.close()
        try:
            for code in list(self.rooms):  # others' commits need not be published to it now
                await self.relay.unsubscribe(code)
            await self.live.leave()
        except (RedisError, OSError) as error:
            log.warning("could not say goodbye to Redis: %s", error)
        await self.archiver.close()


def _presence_json(presence: Presence | None) -> str:
    """A presence change as the other processes are sent it ('' for none)."""
    return "" if presence is None else f'{{"presence":{presence.model_dump_json()}}}'


def _parsed(raw: list[str]) -> list[Entry]:
    """Log entries as stored (JSON text), parsed in one pass."""
    return ENTRY_LIST.validate_json(f"[{','.join(raw)}]") if raw else []
