"""The client's requests for rooms and games: hello, create or join a room, resume a seat, act,
chat, leave, resync, quick match, play a bot, a rematch, ping."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from server.engine.commands import Command
from server.protocol.base import (
    CHAT_MOST,
    SAID,
    CommandId,
    Language,
    Name,
    Request,
    RoomCode,
    SeatName,
)
from server.ruleset.schema import Side


class Hello(Request):
    """First message on a connection: which protocol the client speaks."""

    type: Literal["hello"] = "hello"
    protocol_version: int
    client: Annotated[str, Field(max_length=80)] = ""


class CreateRoom(Request):
    """Create a room. `bots` seats an engine bot per side; `seconds` overrides phase timers."""

    type: Literal["create_room"] = "create_room"
    scenario: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    language: Language = "en"
    seconds: dict[str, Annotated[int, Field(ge=2, le=3600)]] = {}  # noqa: RUF012
    bots: dict[Side, str] = {}  # noqa: RUF012
    timers: bool = True


class Join(Request):
    """Take a seat (`seat`), or watch (`as_spectator`), or join as instructor (`instructor_key`)."""

    type: Literal["join"] = "join"
    code: RoomCode
    seat: SeatName | None = None
    name: Name = "player"
    instructor_key: Annotated[str, Field(max_length=100)] | None = None
    as_owner: bool = False
    """Join as the all-seeing instructor by account: the signed-in instructor who owns the room
    (a class's rooms are their class's owner's) needs no instructor key."""


class Resume(Request):
    """Come back to a seat with its token; `since` is the last log position the client saw."""

    type: Literal["resume"] = "resume"
    code: RoomCode
    token: Annotated[str, Field(min_length=10, max_length=100)]
    since: Annotated[int, Field(ge=0)] = 0


class Act(Request):
    """Send a game command for the seat this connection holds."""

    type: Literal["act"] = "act"
    command: Command
    cid: CommandId = None


class Chat(Request):
    """Say something to the room, or (`team`) to your own side only."""

    type: Literal["chat"] = "chat"
    text: Annotated[str, Field(min_length=1, max_length=CHAT_MOST), SAID]
    team: bool = False
    cid: CommandId = None


class Leave(Request):
    """Leave the room. A player's seat becomes free for someone else while the game goes on
    (its token no longer holds it; after the game it stays, for the replay). The connection may
    then join another room."""

    type: Literal["leave"] = "leave"


class Resync(Request):
    """Ask for the whole current view again (after `resync_required`)."""

    type: Literal["resync"] = "resync"


class QuickMatch(Request):
    """Wait to be paired with another player; sides are assigned by a coin toss."""

    type: Literal["quick_match"] = "quick_match"
    scenario: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = "intro"
    name: Name = "player"
    language: Language = "en"
    replaces: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")] | None = None
    """The ticket (`queued.ticket`) of this player's queueing on a connection since lost: it
    leaves the queue, and if it was matched meanwhile this connection takes the seat instead."""


class PlayBot(Request):
    """Start a room against an engine bot and take `side`."""

    type: Literal["play_bot"] = "play_bot"
    scenario: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = "intro"
    side: Side = "washington"
    bot: str = "tit_for_tat"
    name: Name = "player"
    language: Language = "en"


class Rematch(Request):
    """After the game, offer a rematch — a new game in a new room, with the same scenario and
    settings, the sides as they were (`swap`: exchanged) — or accept the one the other side
    offered (the same `swap`). Against a bot it is made at once. Answered `accepted`: the offer
    goes into the room's log as a `rematch_offered` notice; once made, a `rematch` notice names
    the new room, and each player takes its seat there with `join_rematch`."""

    type: Literal["rematch"] = "rematch"
    swap: bool = False


class DeclineRematch(Request):
    """After the game, decline the rematch the other side offered: every offer standing is
    withdrawn (a `rematch_declined` notice in the room's log), and either side may offer again.
    Answered `accepted`."""

    type: Literal["decline_rematch"] = "decline_rematch"


class JoinRematch(Request):
    """Take your seat in the rematch of room `code`, proving with the seat's `token` there
    which seat you held: you sit on the same side (the other one if the sides were swapped),
    with a new token. Answered `joined`."""

    type: Literal["join_rematch"] = "join_rematch"
    code: RoomCode
    token: Annotated[str, Field(min_length=10, max_length=100)]


class Ping(Request):
    type: Literal["ping"] = "ping"
