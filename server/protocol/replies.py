"""The server's replies and pushes for rooms and games: welcome, room created, joined, update,
left, accepted, error, presence, resync required, queued, pong."""

from __future__ import annotations

from typing import Any, Literal

from server.engine.legal import Options
from server.protocol.base import PROTOCOL_VERSION, Language, Message, Reply, RequestId, Role
from server.protocol.entries import Entry


class Welcome(Reply):
    type: Literal["welcome"] = "welcome"
    protocol_version: int = PROTOCOL_VERSION
    server: str
    scenarios: list[str]
    account: str | None = None
    """The instructor signed in on this socket (by the page's session cookie), if any."""


class RoomCreated(Reply):
    """The room exists; `instructor_key` lets its holder join as the all-seeing instructor."""

    type: Literal["room_created"] = "room_created"
    code: str
    instructor_key: str


class ForkedFrom(Message):
    """The game a "what if" room continues, and the log position it continues from."""

    code: str
    step: int


class Joined(Reply):
    """You hold `seat` (or watch); keep `token` to resume. `view` is the game as you may see it."""

    type: Literal["joined"] = "joined"
    code: str
    seat: str
    role: Role
    token: str | None
    scenario: str
    language: Language
    in_class: bool = False
    """One of a class's rooms: its seats are given by the class (a `join` with a seat is
    refused `class_seat`), so a link to the room invites nobody to play."""
    elsewhere: bool = False
    """Under `brink serve --workers N`, the room's home is another worker than the one this
    connection is on (docs/scaling.md §1): a client may reconnect naming the room
    (`/ws?room=CODE`) and resume there, to be served by the worker that holds it."""
    forked_from: ForkedFrom | None = None
    """A "what if" room (POST /api/games/CODE/fork): the game and step it continues from."""
    n: int
    view: dict[str, Any]
    entries: list[Entry] = []  # noqa: RUF012
    seats: dict[str, str | None] = {}  # noqa: RUF012
    present: dict[str, Literal["here", "away"]] = {}  # noqa: RUF012
    """Each seat a player has taken: `here` (a connection holds it, on any process) or `away`
    (none now: it can be resumed). Later changes come as `presence`."""
    given: dict[str, str] = {}  # noqa: RUF012
    """Each seat an instructor gave on (`reassign`) whose new holder has not connected since,
    with their name: not sat down yet (`away` in `present`, but nobody went). Not your own seat.
    Until the seat's `presence` says `joined` or `here` (or `left`)."""
    deadline: int | None = None
    options: dict[str, Options] | None = None


class Update(Message):
    """New log entries and the view after them; `deadline` (ms since the epoch) is when the
    current turn times out, if it can. `options` (players only, while the game waits for their
    side): keyed by the connection's seat, what it may do now and why not. `id` is set only when
    answering a `resync`."""

    type: Literal["update"] = "update"
    id: RequestId = None
    entries: list[Entry]
    n: int
    view: dict[str, Any]
    deadline: int | None = None
    options: dict[str, Options] | None = None


class Left(Reply):
    """You left the room; `freed` is the seat you gave up (None: no seat was freed)."""

    type: Literal["left"] = "left"
    freed: str | None = None


class Accepted(Reply):
    """Your command was accepted; its events follow in an `update`."""

    type: Literal["accepted"] = "accepted"
    n: int
    duplicate: bool = False
    """This command id was accepted before: `n` is where, and nothing was applied again."""


class Error(Reply):
    """A refused message: `code` is stable, `message` is for people. Nothing changed."""

    type: Literal["error"] = "error"
    code: str
    message: str


class Presence(Message):
    type: Literal["presence"] = "presence"
    seat: str
    name: str
    status: Literal["here", "away", "joined", "bot", "left"]
    """`left`: the seat is free again (its player left the room)."""


class ResyncRequired(Message):
    """You fell too far behind: send `resync`."""

    type: Literal["resync_required"] = "resync_required"


class Queued(Reply):
    type: Literal["queued"] = "queued"
    scenario: str
    ticket: str | None = None
    """This queueing's ticket: a connection lost while queued queues again with it (`quick_match`'s
    `replaces`), so the queue never holds the player twice and a match made meanwhile is kept."""


class Pong(Reply):
    type: Literal["pong"] = "pong"
