"""The class's students who gave their seat up themselves (the table's Leave), read from its
rooms' logs: the class notes a seat left only when the instructor moves or removes a student
(`ClassSession.held`, steering.py), but a Leave is a `seat_left` in the room's log too, and the
student played their part of the game all the same.

    entry_lefts(entries) -> [(n, seat, name)]: a room's `seat_left` notices, in log order,
                         from its entries (a record's, an update's, or the log's: `log_entries`)
    log_entries(texts) -> [Entry]: those of a room's log entries as Redis holds them (JSON text)
                         that may be `seat_left` notices, read
    leavers(session, room, lefts) -> [HeldSeat]: the `seat_left`s no move or removal of the
                         class accounts for, by one of its students (`left`), held up to there
    class_held(session, lefts) -> the class's `held` and its leavers, as the debrief takes them
                         (plain dicts, in the order they left)
    left_at(store, room, seat, name, since) -> where `name` last left `seat` with the table's
                         Leave since log position `since`, unless they hold it again: a move
                         of the class after that is noted there (steering._left)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from server.classroom.model import ClassSession, HeldSeat, name_key
from server.protocol.entries import Entry
from server.storage.store import Store

SEAT_LEFT = '"seat_left"'
"""In an entry's text: it may be a `seat_left` notice (a chat line's words are escaped)."""


def log_entries(texts: Iterable[str]) -> list[Entry]:
    """Return those of a room's log entries (JSON text, as Redis holds them) that may be
    `seat_left` notices, read: `entry_lefts` finds them there (the others are not read)."""
    return [Entry.model_validate_json(text) for text in texts if SEAT_LEFT in text]


def leavers(session: ClassSession, room: str, lefts: list[tuple[int, str, str]]) -> list[HeldSeat]:
    """Return the seats of `room` the class's students gave up with the table's Leave: each
    `seat_left` by one of them that no note of the class accounts for (a move or a removal
    is noted when it is made, at the log's position then, and logged after: each note
    accounts for the first `seat_left` of its seat and student after it — a student moved in
    and out again at once is noted at the same position as the one moved out before them; one
    moved after their own Leave, at that Leave, which it accounts for)."""
    noted = [h for h in session.held if h.room == room]
    known = {name_key(s.name): s.id for s in session.students.values()}
    known.update(
        {name_key(h.name): h.student for h in session.held if name_key(h.name) not in known}
    )
    found: list[HeldSeat] = []
    unmatched = list(noted)  # each note accounts for one `seat_left`: the first after it
    for n, seat, name in lefts:
        key = name_key(name)
        student = known.get(key)
        if student is None:
            continue  # not the class's student (someone given the seat by the room's Controls)
        note = next((h for h in unmatched if _accounts(h, seat, key, n)), None)
        if note is not None:  # moved or removed: noted by the class already
            unmatched.remove(note)
            continue
        found.append(HeldSeat(student=student, name=name, room=room, seat=seat, until=n, left=True))
    return found


def _accounts(note: HeldSeat, seat: str, key: str, n: int) -> bool:
    """Whether the class's `note` may account for the `seat_left` at `n` of `seat` by the
    student named `key`: one after it, or the very one (a move or removal after their own
    Leave is noted at it: `left`)."""
    if note.seat != seat or name_key(note.name) != key:
        return False
    return note.until < n or (note.left and note.until == n)


def entry_lefts(entries: Iterable[Entry]) -> list[tuple[int, str, str]]:
    """Return the `seat_left` notices among a room's log entries: (position, seat, name)."""
    return [
        (e.n, e.notice.seat, e.notice.name or "")
        for e in entries
        if e.notice is not None and e.notice.kind == "seat_left" and e.notice.seat
    ]


def class_held(
    session: ClassSession, lefts: Mapping[str, list[tuple[int, str, str]]]
) -> list[dict[str, Any]]:
    """Return the seats the class's students left, as the debrief credits them: those the
    class noted (moved, removed) and those they gave up themselves (`lefts`: each room's
    `seat_left` notices, from its record — a room's live log expires 7 days after its game,
    the class 30), in the order they left (a room's by log position)."""
    found = [seat.model_dump() for seat in session.held]
    for room in session.rooms:
        found += [seat.model_dump() for seat in leavers(session, room, lefts.get(room, []))]
    return found


async def left_at(store: Store, room: str, seat: str, name: str, since: int) -> int | None:
    """Return where `name` last gave `seat` of `room` up themselves (a `seat_left` of theirs
    past log position `since`), unless they have sat there again since; None if they did not.
    The class moving or removing them after that notes them as leaving there
    (`HeldSeat.left`): their Leave ended their part, not the move."""
    holder = (await store.seats(room)).get(seat)
    if holder is not None and name_key(holder) == name_key(name):
        return None  # back in the seat: the move ends the part they play now
    lefts = entry_lefts(log_entries(await store.entries_since(room, since)))
    mine = [n for n, left, who in lefts if left == seat and name_key(who) == name_key(name)]
    return mine[-1] if mine else None
