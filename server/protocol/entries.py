"""What a room's log holds, as the wire carries it: an `Entry` at each position, with an engine
event, a chat line (`ChatLine`), a command (`LoggedCommand`) or a `Notice`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from server.engine.commands import Command
from server.engine.events import Event
from server.engine.evolve import construct
from server.protocol.base import Message, RoomCode, SeatName
from server.ruleset.schema import Side


class ChatLine(Message):
    type: Literal["chat_line"] = "chat_line"
    seat: str
    name: str
    text: str
    team: Side | None = None
    cid: str | None = None


NoticeKind = Literal[
    "paused",
    "resumed",
    "broadcast",
    "news",
    "timer",
    "forced",
    "reassigned",
    "bot_in",
    "bot_out",
    "ended",
    "rematch_offered",
    "rematch",
    "rematch_declined",
    "seat_left",
]


class Notice(Message):
    """Something the server or an instructor did to the room rather than a player's move, with
    who (`by`: `system`, or the instructor's account) and when (`at`): `paused` (timers stop;
    `left_ms` is what remained of the turn) and `resumed`; and an instructor's controls
    (docs/protocol.md §23): `broadcast` (`text`), `news` (an injected news event follows),
    `timer` (`seconds` added, negative: taken away), `forced` (the default action follows),
    `reassigned` (`seat` given to `name`; `previous`, who held it before, if anyone), `bot_in`
    (bot `name` plays side `seat`), `bot_out` (the side handed back to its players; `back`, the
    seats whose players play it again), `ended` (the game's end follows). After the game, by
    `system`: `rematch_offered` (the player in `seat`, `name`, offers a rematch; `reason`: `same`
    sides or `swap`) and `rematch` (it is made: `room`, the new room's code; `seat` and `name`
    who accepted or, against a bot, asked), and `rematch_declined` (the player in `seat`, `name`,
    declines the other side's offer: every offer before it is withdrawn)
    (docs/protocol/25-rematch.md). During the game, by `system`: `seat_left` (the player `name`
    gave up `seat`; a `paused` notice, reason `no_seat`, may follow: docs/protocol/19-timers.md)."""

    type: Literal["notice"] = "notice"
    kind: NoticeKind
    by: str = "system"
    reason: str = ""
    left_ms: int | None = None
    at: int = 0
    """When, in ms since the epoch."""
    text: str | None = None
    seat: str | None = None
    name: str | None = None
    seconds: int | None = None
    room: RoomCode | None = None
    previous: str | None = None
    """`reassigned`: the name of the seat's holder before (None: nobody held it)."""
    back: list[str] | None = None
    """`bot_out`: the seats whose players play the side again — the one that came back
    (`player_back`), and any other of the side connected then; an instructor's hand-back, those
    connected (none: the side waits for its players). None in logs from before it was added:
    read as every seat of the side."""


class LoggedCommand(Message):
    """A command as the log keeps it (shown to the instructor only: it may name a bluff)."""

    seat: str
    command: Command
    cid: str | None = None


class Entry(Message):
    """One position of a room's log: a command, an engine event or a chat line."""

    n: int
    event: Event | None = None
    chat: ChatLine | None = None
    command: LoggedCommand | None = None
    notice: Notice | None = None
    at: int | None = None
    """When it was committed, in ms since the epoch (entries of one commit share it)."""
    seat: SeatName | None = Field(default=None, exclude_if=lambda seat: seat is None)
    """On an event of a team role's command: the seat that sent it (`washington:treasury`), so a
    team knows which of them acted; shown to that side's seats and the instructor only, and
    left out of the JSON when None."""


def logged_entries(
    start: int,
    seat: str,
    command: Command,
    events: list[Event],
    cid: str | None,
    at: int | None,
    by: str | None = None,
) -> list[Entry]:
    """Return the log entries of an accepted command — the command at `start + 1`, then its
    events — as `Entry(n=…, command=LoggedCommand(seat=…, command=…, cid=…), at=…)` and
    `Entry(n=…, event=…, at=…, seat=by)` (`seat` given only when `by` is) make them
    (tests/server/test_logged_entries.py holds them equal), without validating their parts
    again: an entry's validation checked its event against every kind of event once more (~2 µs
    an entry, ~6 an action)."""
    logged = construct(
        LoggedCommand,
        {"seat": seat, "command": command, "cid": cid},
        {"seat", "command", "cid"},
    )
    entries: list[Entry] = [
        construct(
            Entry,
            {
                "n": start + 1,
                "event": None,
                "chat": None,
                "command": logged,
                "notice": None,
                "at": at,
                "seat": None,
            },
            {"n", "command", "at"},
        )
    ]
    given = {"n", "event", "at"} if by is None else {"n", "event", "at", "seat"}
    for i, event in enumerate(events):
        fields = {
            "n": start + 2 + i,
            "event": event,
            "chat": None,
            "command": None,
            "notice": None,
            "at": at,
            "seat": by,
        }
        entries.append(construct(Entry, fields, given))
    return entries
