"""The websocket protocol: every message is a pydantic model with a literal `type`.

Shared by the server and the Python client; `brink protocol schema` writes the JSON Schema the
browser client and other-language clients use (docs/protocol.schema.json, kept in sync by a
test). docs/protocol.md tells the whole conversation with examples.

A client's first message is `hello`; after `welcome` it may create or join rooms, resume a seat,
send game commands and chat. Every request may carry an `id`; replies and errors echo it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from server.engine.commands import Command
from server.engine.events import Event
from server.engine.legal import Options
from server.ruleset.schema import Side

PROTOCOL_VERSION = 2
PROTOCOL_VERSIONS = (1, 2)
"""What a client may say hello with: 2 answers an accepted `act` with the update it makes (its
`id` the request's), 1 with that update and then `accepted` (docs/protocol.md)."""
MAX_MESSAGE_BYTES = 16 * 1024

Language = Literal["en", "zh"]
SeatName = Annotated[str, Field(pattern=r"^(washington|beijing)(:[a-z][a-z0-9_]*)?$")]
"""A seat: a side (`washington`), or one team role of it (`washington:treasury`)."""
Role = Literal["player", "spectator", "instructor"]
RoomCode = Annotated[str, Field(pattern=r"^[A-Z2-9]{4,8}$")]
RequestId = Annotated[str, Field(max_length=64)] | None
CommandId = Annotated[str, Field(min_length=1, max_length=64)] | None
"""A client's own id for a command or chat line: sent again after a lost reply, it is
acknowledged with the first one's position instead of being applied twice."""
Name = Annotated[str, Field(min_length=1, max_length=40)]


class Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Request(Message):
    id: RequestId = None


# ---------------------------------------------------------------- client -> server


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
    seconds: dict[str, Annotated[int, Field(ge=2, le=3600)]] = {}
    bots: dict[Side, str] = {}
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
    text: Annotated[str, Field(min_length=1, max_length=500)]
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


class PlayBot(Request):
    """Start a room against an engine bot and take `side`."""

    type: Literal["play_bot"] = "play_bot"
    scenario: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = "intro"
    side: Side = "washington"
    bot: str = "tit_for_tat"
    name: Name = "player"
    language: Language = "en"


class Ping(Request):
    type: Literal["ping"] = "ping"


ControlAction = Literal[
    "pause",
    "resume",
    "broadcast",
    "news",
    "timer",
    "force",
    "reassign",
    "bot_in",
    "bot_out",
    "end",
]
ClassCode = Annotated[str, Field(pattern=r"^[A-Z2-9]{4,8}$")]
_ONE_ROOM_ONLY = ("reassign", "bot_in", "bot_out")


class Control(Request):
    """A signed-in instructor's control of one room they own (`room`), or of every room of a
    class they own (`class`). Each is written into the room's log (a `notice`: who, when, what;
    and, when it changes the game, the engine command after it), so replays show and reproduce
    it. `pause`/`resume`; `broadcast` (`text`); `news` (`news`: a card of the scenario's news
    deck, or custom `text` with `effects` from the rules' `instructor_news`); `timer` (`seconds`
    added to the current turn, negative to take away); `force` (the current default action, as
    a timeout); `reassign` (`seat` to a new holder `name`: a new token, the old one stops
    working); `bot_in` (`bot` plays side `seat` for its dropped players) and `bot_out` (hand it
    back); `end` (every game ends as `called`; a class is marked ended)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True
    )
    type: Literal["control"] = "control"
    room: RoomCode | None = None
    class_: ClassCode | None = Field(default=None, alias="class")
    action: ControlAction
    text: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    news: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)] | None = None
    effects: Annotated[
        list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]],
        Field(max_length=5),
    ] = []
    seconds: Annotated[int, Field(ge=-3600, le=3600)] | None = None
    seat: SeatName | None = None
    name: Name | None = None
    bot: Annotated[str, Field(max_length=40)] | None = None

    @model_validator(mode="after")
    def _complete(self) -> Control:
        if (self.room is None) == (self.class_ is None):
            raise ValueError("name one room (`room`) or one class (`class`)")
        needs = {
            "broadcast": ("text",),
            "timer": ("seconds",),
            "reassign": ("seat", "name"),
            "bot_in": ("seat", "bot"),
            "bot_out": ("seat",),
        }.get(self.action, ())
        missing = [field for field in needs if getattr(self, field) is None]
        if missing:
            raise ValueError(f"{self.action} needs `{missing[0]}`")
        if self.action == "news" and (self.news is None) == (self.text is None):
            raise ValueError("news needs a news card (`news`) or custom `text`, not both")
        if self.action == "timer" and self.seconds == 0:
            raise ValueError("timer needs `seconds` other than 0")
        if self.action in _ONE_ROOM_ONLY and self.room is None:
            raise ValueError(f"{self.action} is for one room (`room`), not a whole class")
        return self


# The classroom (docs/classroom.md): a student's browser follows its class; its instructor
# watches every room of it.


class FollowClass(Request):
    """Follow a class as one of its students (`token`: the class token from joining it): the
    reply says where the student sits, and the class's news follows (a seat moved, ...)."""

    type: Literal["follow_class"] = "follow_class"
    code: RoomCode
    token: Annotated[str, Field(min_length=10, max_length=100)]


class WatchClass(Request):
    """The class's instructor watches every room of it: `class_view`, then `class_rooms` with
    the rooms that changed and `class_info` when the class did."""

    type: Literal["watch_class"] = "watch_class"
    code: RoomCode


class UnwatchClass(Request):
    """Stop watching the class."""

    type: Literal["unwatch_class"] = "unwatch_class"
    code: RoomCode


class Present(Request):
    """The class's instructor steps through a replay on the projector (docs/debrief.md): every
    student following class `code` opens `room`'s replay at `step` from `viewer` (`room` one of
    the class's rooms or `H2025`); `stop`: the presentation ends. Answered `accepted`."""

    type: Literal["present"] = "present"
    code: RoomCode
    room: Annotated[str, Field(pattern=r"^([A-Z2-9]{4,8}|H2025)$")] | None = None
    step: Annotated[int, Field(ge=0, le=10_000_000)] = 0
    viewer: Literal["washington", "beijing", "spectator", "all"] = "all"
    stop: bool = False


ClientMessage = Annotated[
    Hello
    | CreateRoom
    | Join
    | Resume
    | Act
    | Chat
    | Leave
    | Resync
    | QuickMatch
    | PlayBot
    | Ping
    | Control
    | FollowClass
    | Present
    | WatchClass
    | UnwatchClass,
    Field(discriminator="type"),
]
CLIENT_MESSAGES: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)


# ---------------------------------------------------------------- server -> client


class Reply(Message):
    id: RequestId = None


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
]


class Notice(Message):
    """Something the server or an instructor did to the room rather than a player's move, with
    who (`by`: `system`, or the instructor's account) and when (`at`): `paused` (timers stop;
    `left_ms` is what remained of the turn) and `resumed`; and an instructor's controls
    (docs/protocol.md §23): `broadcast` (`text`), `news` (an injected news event follows),
    `timer` (`seconds` added, negative: taken away), `forced` (the default action follows),
    `reassigned` (`seat` given to `name`), `bot_in` (bot `name` plays side `seat`), `bot_out`
    (the side handed back to its player), `ended` (the game's end follows)."""

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


class Joined(Reply):
    """You hold `seat` (or watch); keep `token` to resume. `view` is the game as you may see it."""

    type: Literal["joined"] = "joined"
    code: str
    seat: str
    role: Role
    token: str | None
    scenario: str
    language: Language
    n: int
    view: dict[str, Any]
    entries: list[Entry] = []
    seats: dict[str, str | None] = {}
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


class ControlResult(Message):
    """What a control did in one room: its log position (`n`), or why it was refused there
    (`code`, `message`); `token`: a reassigned seat's new token, for its new holder."""

    room: str
    n: int | None = None
    code: str | None = None
    message: str | None = None
    token: str | None = None


class Controlled(Reply):
    """The answer to a `control`: one result per room it was for."""

    type: Literal["controlled"] = "controlled"
    action: ControlAction
    results: list[ControlResult]


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


class Pong(Reply):
    type: Literal["pong"] = "pong"


class Presented(Message):
    """Pushed to every student following the class while its instructor presents a replay
    (docs/debrief.md): open `room`'s replay at `step` from `viewer`, sending `grant` (as
    `X-Brink-Present`), which opens that game from that view; `room` None: it has ended."""

    type: Literal["presented"] = "presented"
    code: str
    room: str | None = None
    step: int = 0
    viewer: str = "all"
    grant: str | None = None


class ClassFollowed(Reply):
    """Where a class's student sits: `room` and `seat` (None before they are placed) and the
    seat's `token` to `resume` with; sent again (without an id) whenever that changes."""

    type: Literal["class_followed"] = "class_followed"
    code: str
    title: str
    student: str
    name: str
    room: str | None = None
    seat: str | None = None
    token: str | None = None
    state: str
    language: Language


class ClassView(Reply):
    """The dashboard of a class: the class (`info`: its set-up, students and rooms) and a
    summary of each room (docs/classroom.md)."""

    type: Literal["class_view"] = "class_view"
    code: str
    info: dict[str, Any]
    rooms: list[dict[str, Any]]
    at: int


class ClassRooms(Message):
    """The rooms of a watched class that changed since the last `class_rooms`."""

    type: Literal["class_rooms"] = "class_rooms"
    code: str
    rooms: list[dict[str, Any]]
    at: int


class ClassInfo(Message):
    """A watched class changed (students joined or moved, rooms added, started...)."""

    type: Literal["class_info"] = "class_info"
    code: str
    info: dict[str, Any]


ServerMessage = Annotated[
    Welcome
    | RoomCreated
    | Joined
    | Update
    | Accepted
    | Left
    | Error
    | Presence
    | ResyncRequired
    | Queued
    | Pong
    | Controlled
    | Presented
    | ClassFollowed
    | ClassView
    | ClassRooms
    | ClassInfo,
    Field(discriminator="type"),
]
SERVER_MESSAGES: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)


def schema() -> dict[str, Any]:
    """Return the JSON Schema of both directions of the protocol."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Brinkmanship websocket protocol",
        "description": f"protocol_version {PROTOCOL_VERSION}; see docs/protocol.md",
        "client_to_server": CLIENT_MESSAGES.json_schema(),
        "server_to_client": SERVER_MESSAGES.json_schema(),
    }
