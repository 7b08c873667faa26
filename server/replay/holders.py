"""Everyone who held each seat of a game, in order (docs/replay.md): a record's header names
each seat's last holder only. Pure.

Read from the log: a seat an instructor gave to someone (`reassigned`, with who held it before
— `previous`, in logs made since it was added), a server bot standing in for a side's players
(`bot_in`, until `bot_out`: the seats whose players came back, `back`, are named again; in logs
from before `back`, every seat of the side), a chat line said from a seat (its holder's name
at that time), a move made from a seat the bot had left without its player (`played`: the
player came back after the hand-back, and is named again), and a seat given up during the game
(`seat_left`: its holder held it up to then; server/live/vacancy.py logs it). From a class
(`held`, as server/replay/debrief_holders.py takes it): the students moved out of a seat, each
holding it up to the log position they left at; one the log tells too (a class's Move or
removal logs `seat_left`, in logs made since it does) is read once. In logs from before
`seat_left`, a seat given up and taken by someone else outside a class, with no chat, move or
control to show it, left nothing: only its last holder is known, and nobody is made up.

A "what if" is a room of its own: only its own entries are read, those after the step it
continues from (`forked_from`), not the original game's people before it.

    seat_holders(header, entries, held, played) -> {seat: [{"name": …} | {"bot": …}, …]}
    played_seats(entries) -> [(log position, seat)]: the players' moves, for `played`
"""

from __future__ import annotations

from typing import Any

from server.protocol import Entry
from server.replay.record import Header
from server.ruleset.schema import SIDES

Holder = dict[str, str]
"""One holder of a seat: a person `{"name": …}`, or a server bot standing in `{"bot": …}`."""

HELD, NEW, BOT, BACK, OUT, MOVED = "held", "new", "bot", "back", "out", "moved"
"""What a mark says of a seat: this person held it then (a chat line, a class's record of a
student who left, the header's last holder); this person was given it then (`reassigned`); a
bot stood in for the side then; the bot handed the side back to its player then; the bot left
the side then, but this seat's player was not back (another seat's was, or nobody's); this
seat's player made a move then (named again if the bot had left without them)."""

Mark = tuple[int, int, str, str, str, frozenset[str] | None]
"""(log position, order at that position, seat or side, what it says, the name, and for a
`bot_out` the seats whose players came back: None in logs from before it said, every seat)."""

Item = tuple[str, str]
"""A seat's line as it is read: (HELD, NEW, BOT, or "" for someone not known, name)."""


def played_seats(entries: list[Entry]) -> list[tuple[int, str]]:
    """Return where each move of a player was made and from which seat (not the server's, the
    instructor's). Commands are shown to the all-seeing only: a side's or a spectator's view is
    given these beside its entries, since each seat's coming back was told to the whole room
    live (its presence), and they say no more than that."""
    return [
        (entry.n, entry.command.seat)
        for entry in entries
        if entry.command is not None and entry.command.seat.split(":")[0] in SIDES
    ]


def seat_holders(
    header: Header,
    entries: list[Entry],
    held: list[dict[str, Any]] | None = None,
    played: list[tuple[int, str]] | None = None,
) -> dict[str, list[Holder]]:
    """Return, for every seat, everyone who held it in order, the last holder last (a server
    bot still standing in at the end after the player it stood in for). Someone who came back
    is named again where they came back; one named twice in a row is named once. `played`: the
    players' moves (`played_seats`), if not those of `entries`."""
    lines: dict[str, list[Item]] = {}
    # A "what if" is a room of its own: the entries it continues from are the original game's,
    # whose people never sat in it (rooms.py `remember` ignores their notices alike).
    since = header.forked_from.step if header.forked_from is not None else 0
    own = [entry for entry in entries if entry.n > since]
    moves = [m for m in (played_seats(entries) if played is None else played) if m[0] > since]
    left = _untold([h for h in held or [] if int(h["until"]) > since], own)
    marks = _marks(own, left) + [(n, 1, seat, MOVED, "", None) for n, seat in moves]
    for _, _, seat, says, name, back in sorted(marks, key=lambda m: m[:2]):
        if says == MOVED and seat not in lines:  # a bot's move names its side, not a seat
            continue
        for one in _of_side(header, lines, seat) if says in (BOT, BACK) else [seat]:
            came = says != BACK or back is None or one in back
            _read(lines.setdefault(one, []), says if came else OUT, name)
    for seat, name in header.seats.items():
        _last(lines.setdefault(seat, []), name)
    found = {}
    for seat, line in lines.items():
        told = _told(line)
        still = header.bots.get(seat.split(":")[0])
        if len(told) >= 2 and told[-2] == {"bot": still} and seat in header.seats:
            told.pop()  # the bot played on to the end, after its player
        found[seat] = told
    return found


def _untold(held: list[dict[str, Any]], entries: list[Entry]) -> list[dict[str, Any]]:
    """Return the class's students moved out of a seat whom the log does not name leaving it
    itself. A class's Move or removal logs a `seat_left` (the one moved out, their seat) in
    logs made since it does, next to the class's `until`: read once, not as two leaves (the
    second would name them again after whoever the seat was given to). Next to: nothing from
    that seat between the two positions, either way round."""
    told = [
        (entry.n, entry.notice.seat, entry.notice.name)
        for entry in entries
        if entry.notice is not None and entry.notice.kind == "seat_left" and entry.notice.name
    ]
    untold = []
    for one in held:
        seat, name, until = str(one["seat"]), str(one["name"]), int(one["until"])
        found = next(
            (
                (n, s, who)
                for n, s, who in told
                if (s, who) == (seat, name) and not _between(entries, seat, n, until)
            ),
            None,
        )
        if found is None:
            untold.append(one)
        else:
            told.remove(found)  # one leave in the log tells one of the class's
    return untold


BOOKKEEPING = ("seat_left", "paused", "resumed")
"""The seat's own comings and goings (a leave: its holder's `seat_left`, the clock waiting for the
seat and going on again, server/live/vacancy.py): nothing its holder did, no part of the game
played (a class's record of a student who held nothing puts their leave before these:
server/classroom/steering.py reads a log holding only these as nothing played)."""


def _between(entries: list[Entry], seat: str, one: int, other: int) -> bool:
    """Whether anything came from `seat` (a move, a chat line, a notice of it other than its
    bookkeeping) strictly between log positions `one` and `other`."""
    low, high = min(one, other), max(one, other)
    for entry in entries:
        if not low < entry.n < high:
            continue
        notice = entry.notice
        if notice is not None and notice.kind in BOOKKEEPING:
            continue
        said = entry.command or entry.chat or notice
        if said is not None and getattr(said, "seat", None) == seat:
            return True
    return False


def _marks(entries: list[Entry], held: list[dict[str, Any]]) -> list[Mark]:
    # A student who left at position n held the seat through n (the log's position when they
    # left: its last entry), so read after what happened there (a bot handing back, say).
    marks: list[Mark] = [
        (int(h["until"]), 2, str(h["seat"]), "left", str(h["name"]), None) for h in held
    ]
    for entry in entries:
        notice, chat = entry.notice, entry.chat
        if chat is not None and chat.seat.split(":")[0] in SIDES:  # not a spectator's
            marks.append((entry.n, 1, chat.seat, HELD, chat.name, None))
        if notice is None or not notice.seat:
            continue
        if notice.kind == "seat_left" and notice.name:  # held up to then, as a class's `held`
            marks.append((entry.n, 0, notice.seat, "left", notice.name, None))
        said = {"reassigned": NEW, "bot_in": BOT, "bot_out": BACK}.get(notice.kind)
        if said == NEW and notice.previous:  # who it was taken from held it up to then
            marks.append((entry.n, 0, notice.seat, HELD, notice.previous, None))
        if said is not None and (notice.name or said == BACK):
            back = None if notice.back is None else frozenset(notice.back)
            marks.append((entry.n, 1, notice.seat, said, notice.name or "", back))
    return marks


def _of_side(header: Header, lines: dict[str, list[Item]], side: str) -> list[str]:
    """The seats of `side` (its team roles, or the side itself): a bot plays a whole side."""
    seats = [seat for seat in [*lines, *header.seats] if seat.split(":")[0] == side]
    return list(dict.fromkeys(seats)) or [side]


def _last(line: list[Item], name: str) -> None:
    """Read the header's last holder of a seat (`_still`, or held it last)."""
    if not _still(line, name):
        _read(line, HELD, name)


def _still(line: list[Item], name: str) -> bool:
    """Read that `name` holds the seat now, where the bot left the side without this seat's
    player (OUT): the seat is still theirs, but they were not seen to play again. Return True
    if they are the one the bot stood in for (named there, where that one was not known), False
    if someone else (named next)."""
    bots = [i for i, (says, _) in enumerate(line) if says == BOT]
    if not (line and line[-1][0] == OUT and bots):
        return False
    before = [i for i in range(bots[-1]) if line[i][0] in (HELD, NEW, "")]
    if before and line[before[-1]][0] == "":
        line[before[-1]] = (HELD, name)
        return True
    return bool(before) and line[before[-1]][1] == name


def _read(line: list[Item], says: str, name: str) -> None:
    if says == "left" and _still(line, name):  # a student moved out of a seat the bot left
        line.append(("", ""))  # and somebody not known held it next
    elif says in (HELD, "left"):
        if line and line[-1][0] == "":  # the holder not known so far: it was this person
            line.pop()
        line.append((HELD, name))
        if says == "left":  # and somebody not known held it next
            line.append(("", ""))
    elif says == BACK:  # the side's player plays again: named by what comes next
        line.append(("", ""))
    elif says == OUT:  # nobody plays the seat now: its player comes back named, if ever
        line.append((OUT, ""))
    elif says == MOVED:  # a move from the seat: after a hand-back without them, they are back
        if line and line[-1][0] == OUT:
            line.append(("", ""))
    else:
        if says == BOT and not line:  # it stood in for a player not named so far
            line.append(("", ""))
        line.append((says, name))


def _told(line: list[Item]) -> list[Holder]:
    """The line in words: someone not known is the next person named, but for one given the
    seat (who did not hold it before); one named twice in a row is named once."""
    told: list[Holder] = []
    for i, (says, name) in enumerate(line):
        if says == OUT:
            continue
        if says == "":
            later = next((item for item in line[i + 1 :] if item[0] in (HELD, NEW)), None)
            if later is None or later[0] == NEW:
                continue
            says, name = later
        who = {"bot": name} if says == BOT else {"name": name}
        if not told or told[-1] != who:
            told.append(who)
    return told
