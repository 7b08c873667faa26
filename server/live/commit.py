"""What one commit writes, and how it reaches this process's sockets.

`prepare` turns a room's new entries (and the state after them) into the store's `Commit`: the
entries serialised once — for Redis, the other processes and the sockets — with the snapshot,
the turn's deadline and the archive flag worked out. `fan_out` sends every socket of the room
its update.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson

from server.engine.state import GameState
from server.live.rooms import Listener, Room, json_number
from server.protocol import Entry
from server.storage.store import KEEP, SNAPSHOT_EVERY, Commit

UPDATE_HEAD = '{"type":"update","id":'
NO_ID = UPDATE_HEAD + "null"
"""How every update's text begins (rooms.Room._update_head): the id is put in after it."""


class Conflict(Exception):
    """Another process kept committing to the room; the command was not applied."""


Timing = tuple[int | None, bool | None]
"""A commit's deadline (None: no deadline, KEEP: as it was) and whether the room is paused after
it (None: as it was), replacing the fresh deadline a new turn would get."""


@dataclass(slots=True)
class Answer:
    """A request to answer with the update its commit makes (protocol 2): `conn`'s update
    carries `id`, and no `accepted` follows. `sent`: whether it went out so."""

    conn: Listener
    id: str
    sent: bool = False


@dataclass(slots=True)
class Prepared:
    """A commit to send to the store, and what the room needs once it is written."""

    commit: Commit
    texts: list[str]
    deadline: int | None


def prepare(
    room: Room,
    entries: list[Entry],
    state: GameState | None,
    origin: str,
    now: int,
    archiving: bool,
    timing: Timing | None = None,
) -> Prepared:
    """Return the commit of `entries` (and `state`, None for a chat line or notice) to `room`'s
    log; `timing` (a notice's, a control's): the deadline to set and whether the room is paused
    after it."""
    texts = [entry.model_dump_json() for entry in entries]
    after = state if state is not None else room.state
    last = entries[-1].n
    snapshot = None
    if state is not None and last // SNAPSHOT_EVERY > room.n // SNAPSHOT_EVERY:
        snapshot = f'{{"n":{last},"state":{state.model_dump_json()}}}'
    deadline = room.deadline(now, after) if state is not None else KEEP
    paused: bool | None = None
    if timing is not None:
        deadline, paused = timing
    shown = room.deadline_ms if deadline == KEEP else deadline
    # Built as text: the entries are serialised once, for Redis, the other processes holding
    # the room and (unredacted) the sockets.
    publish = f'{{"deadline":{json_number(shown)},"entries":['  # + entries, ]}
    # The commit that ends the game brings back who sat where, for the game's record.
    archive = after.finished and not room.state.finished and archiving
    commit = Commit(
        room.code,
        room.n,
        texts,
        publish,
        after.turn,
        deadline,
        snapshot,
        after.finished,
        archive,
        publish_head=True,
        paused=paused,
        at=now,
        origin=origin,
    )
    return Prepared(commit, texts, deadline)


def fan_out(
    room: Room,
    entries: list[Entry],
    texts: dict[int, str] | None = None,
    reply: Answer | None = None,
) -> None:
    """Send each of the room's sockets here its update for `entries` (`texts`: the entries'
    JSON by `id`, when already serialised); `reply`'s connection gets its update as the answer
    to its request (unless it is behind: it is answered `accepted` then)."""
    if not room.connections:
        return
    updates = room.updates(entries, {c.audience for c in room.connections}, texts or {})
    for connection in list(room.connections):
        update = updates.get(connection.audience)
        if update is None:
            continue
        if reply is not None and connection is reply.conn and not reply.conn.behind:
            said = orjson.dumps(reply.id).decode()
            connection.send(f"{UPDATE_HEAD}{said}{update[len(NO_ID) :]}")
            # Its queue overflowed (it must resync): the answer goes as `accepted` after all.
            reply.sent = not connection.behind
        else:
            connection.send(update, droppable=True)
    for entry in entries:
        notice = entry.notice
        if notice is not None and notice.kind == "reassigned":
            for connection in [c for c in room.connections if c.audience == notice.seat]:
                room.connections.discard(connection)
                connection.dismiss("seat given to another player")
