"""Everyone who held each seat of a game, in order (docs/replay.md): a record's header names
each seat's last holder only. Pure.

Read from the log: a seat an instructor gave to someone (`reassigned`, with who held it before
— `previous`, in logs made since it was added), a server bot standing
in for a side's players (`bot_in`, until `bot_out`), and a chat line said from a seat (its
holder's name at that time). From a class (`held`, as server/replay/debrief_holders.py takes
it): the students moved out of a seat, each holding it up to the log position they left at. A
seat given up and taken by someone else outside a class, with no chat or control to show it,
leaves nothing in the log: only its last holder is known, and nobody is made up.

    seat_holders(header, entries, held) -> {seat: [{"name": …} | {"bot": …}, …]}
"""

from __future__ import annotations

from typing import Any

from server.protocol import Entry
from server.replay.record import Header
from server.ruleset.schema import SIDES

Holder = dict[str, str]
"""One holder of a seat: a person `{"name": …}`, or a server bot standing in `{"bot": …}`."""

HELD, NEW, BOT, BACK = "held", "new", "bot", "back"
"""What a mark says of a seat: this person held it then (a chat line, a class's record of a
student who left, the header's last holder); this person was given it then (`reassigned`); a
bot stood in for the side then; the bot handed the side back to its player then."""

Mark = tuple[int, int, str, str, str]
"""(log position, order at that position, seat or side, what it says, the name)."""

Item = tuple[str, str]
"""A seat's line as it is read: (HELD, NEW, BOT, or "" for someone not known, name)."""


def seat_holders(
    header: Header, entries: list[Entry], held: list[dict[str, Any]] | None = None
) -> dict[str, list[Holder]]:
    """Return, for every seat, everyone who held it in order, the last holder last (a server
    bot still standing in at the end after the player it stood in for). Someone who came back
    is named again where they came back; one named twice in a row is named once."""
    lines: dict[str, list[Item]] = {}
    for _, _, seat, says, name in sorted(_marks(entries, held or []), key=lambda m: m[:2]):
        for one in _of_side(header, lines, seat) if says in (BOT, BACK) else [seat]:
            _read(lines.setdefault(one, []), says, name)
    for seat, name in header.seats.items():
        _read(lines.setdefault(seat, []), HELD, name)
    found = {}
    for seat, line in lines.items():
        told = _told(line)
        still = header.bots.get(seat.split(":")[0])
        if len(told) >= 2 and told[-2] == {"bot": still} and seat in header.seats:
            told.pop()  # the bot played on to the end, after its player
        found[seat] = told
    return found


def _marks(entries: list[Entry], held: list[dict[str, Any]]) -> list[Mark]:
    # A student who left at position n held the seat up to n: read before what happened there.
    marks: list[Mark] = [(int(h["until"]), 0, str(h["seat"]), "left", str(h["name"])) for h in held]
    for entry in entries:
        notice, chat = entry.notice, entry.chat
        if chat is not None and chat.seat.split(":")[0] in SIDES:  # not a spectator's
            marks.append((entry.n, 1, chat.seat, HELD, chat.name))
        if notice is None or not notice.seat:
            continue
        said = {"reassigned": NEW, "bot_in": BOT, "bot_out": BACK}.get(notice.kind)
        if said == NEW and notice.previous:  # who it was taken from held it up to then
            marks.append((entry.n, 0, notice.seat, HELD, notice.previous))
        if said is not None and (notice.name or said == BACK):
            marks.append((entry.n, 1, notice.seat, said, notice.name or ""))
    return marks


def _of_side(header: Header, lines: dict[str, list[Item]], side: str) -> list[str]:
    """The seats of `side` (its team roles, or the side itself): a bot plays a whole side."""
    seats = [seat for seat in [*lines, *header.seats] if seat.split(":")[0] == side]
    return list(dict.fromkeys(seats)) or [side]


def _read(line: list[Item], says: str, name: str) -> None:
    if says in (HELD, "left"):
        if line and line[-1][0] == "":  # the holder not known so far: it was this person
            line.pop()
        line.append((HELD, name))
        if says == "left":  # and somebody not known held it next
            line.append(("", ""))
    elif says == BACK:  # the side's player plays again: named by what comes next
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
        if says == "":
            later = next((item for item in line[i + 1 :] if item[0] in (HELD, NEW)), None)
            if later is None or later[0] == NEW:
                continue
            says, name = later
        who = {"bot": name} if says == BOT else {"name": name}
        if not told or told[-1] != who:
            told.append(who)
    return told
