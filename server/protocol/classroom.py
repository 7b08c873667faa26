"""The classroom's messages (docs/classroom.md, docs/debrief.md): an instructor's `Control` of a
room or a class and its answer (`Controlled`, one `ControlResult` per room); a student following
their class (`FollowClass`, `ClassFollowed`); the instructor watching it (`WatchClass`,
`UnwatchClass`, `ClassView`, `ClassRooms`, `ClassInfo`); presenting a replay (`Present`,
`Presented`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from server.protocol.base import (
    SAID,
    Language,
    Message,
    Name,
    Reply,
    Request,
    RoomCode,
    SeatName,
)
from server.protocol.codes import CODE_PATTERN, HISTORY_CODE

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
ClassCode = Annotated[str, Field(pattern=f"^{CODE_PATTERN}$")]
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
    text: Annotated[str, Field(min_length=1, max_length=300), SAID] | None = None
    news: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)] | None = None
    effects: Annotated[
        list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]],
        Field(max_length=5),
    ] = []  # noqa: RUF012
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
    room: Annotated[str, Field(pattern=f"^({CODE_PATTERN}|{HISTORY_CODE})$")] | None = None
    step: Annotated[int, Field(ge=0, le=10_000_000)] = 0
    viewer: Literal["washington", "beijing", "spectator", "all"] = "all"
    stop: bool = False


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
    seat's `token` to `resume` with; sent again (without an id) whenever that changes, or
    `room_number` or `room_seats` does (the seat and token then unchanged)."""

    type: Literal["class_followed"] = "class_followed"
    code: str
    title: str
    student: str
    name: str
    room: str | None = None
    room_number: int | None = None
    """The room's number in its class (1, 2, … as the dashboard shows "Room 2"); None unseated."""
    seat: str | None = None
    token: str | None = None
    state: str
    language: Language
    room_seats: dict[str, str] = Field(default_factory=dict)
    """The class's students given the seats of `room`, seat -> name (the student's own too): whom
    a seat nobody sits in yet is waiting for (the lobby's "waiting for Gus Ortiz"); as of this
    message, and told again when the class gives them to other students."""


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
