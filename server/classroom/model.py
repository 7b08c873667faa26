"""What a class session is (stored as JSON in Redis; storage/classes.py), and the set-up an
instructor fills in to make one (and may save under a name, to use again next term)."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from server.protocol.base import TITLE_MOST, plain, visible_name
from server.protocol.codes import CODE_PATTERN
from server.ruleset.plain import PlainReads
from server.ruleset.schema import Side

CLASS_CODE = re.compile(f"^{CODE_PATTERN}$")
Language = Literal["en", "zh"]


def tidy_name(name: str) -> str:
    """Return a student's name as shown: composed (NFC: an accent typed as a letter of its own
    joined to its letter, as a phone types it), control and bidirectional characters (a file's
    stray bytes, a name disguised) dropped, spaces trimmed and runs of spaces made one."""
    return " ".join(plain(unicodedata.normalize("NFC", name), kept="").split())


def name_key(name: str) -> str:
    """Return what two spellings of one name share: case, spaces, width (`Ａｄａ` typed with a
    Chinese keyboard's full-width letters is `Ada`), how an accent is encoded, and characters
    that show nothing (a zero-width space pasted from a web page) ignored: "Ada  lovelace" and
    "ada Lovelace" are the same student."""
    folded = unicodedata.normalize("NFKC", tidy_name(name)).casefold()
    return " ".join("".join(c for c in folded if unicodedata.category(c) != "Cf").split())


def is_name(name: str) -> bool:
    """Whether a tidied name has something to show (not empty, not only zero-width characters)."""
    try:
        visible_name(name)
    except ValueError:
        return False
    return True


def _a_name(name: str) -> str:
    tidy = tidy_name(name)
    if not is_name(tidy):
        raise ValueError("a name may not be empty")
    return tidy


StudentName = Annotated[str, Field(max_length=40), AfterValidator(_a_name)]


def _a_title(title: str) -> str:
    """A class's title tidied as a name is; one with nothing to show is none (the scenario's
    name is used)."""
    tidy = tidy_name(title)
    return tidy if is_name(tidy) else ""


Title = Annotated[str, Field(max_length=TITLE_MOST), AfterValidator(_a_title)]
Seconds = Annotated[int, Field(ge=5, le=3600)]


class Setup(PlainReads, BaseModel):
    """What an instructor chooses for a class. `bots`: the engine bot that plays a side nobody
    sits on (None: such a side just times out); `same_deal`: one seed for every room."""

    model_config = ConfigDict(extra="forbid")

    title: Title = ""
    scenario: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = "classroom"
    language: Language = "en"
    mode: Literal["roster", "open"] = "roster"
    roster: Annotated[list[StudentName], Field(max_length=300)] = []
    team: Annotated[int, Field(ge=1, le=3)] = 1
    timers: bool = True
    seconds: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Seconds] = {}
    bots: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = "tit_for_tat"
    same_deal: bool = False
    shuffle: bool = True
    """Deal the roster to rooms in a random order (else in the roster's order)."""


class Student(PlainReads, BaseModel):
    """One student of a class: where they sit (a room code and a seat, or nowhere yet) and
    whether they have joined (hold a class token)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    room: str | None = None
    seat: str | None = None
    joined: bool = False
    joined_at: int | None = None


class HeldSeat(PlainReads, BaseModel):
    """A seat a student left (moved, taken out of the class, or given up: `left`): the debrief
    credits them with the part of the room's game they played (server/replay/debrief_holders.py)."""

    model_config = ConfigDict(extra="forbid")

    student: str
    name: str
    room: str
    seat: str
    until: int
    """The room's log position when they left: they held the seat up to there."""
    removed: bool = False
    """They left it because the instructor took them out of the class (else they were moved:
    the debrief says which)."""
    left: bool = False
    """They gave it up themselves (the table's Leave): worked out from the room's log
    (leavers.py), and stored in the class only for a student it moved or took out after their
    Leave (`until`: the Leave's position)."""


class ClassSession(PlainReads, BaseModel):
    """A class: its set-up, its rooms (codes, in order), its students, and where it stands
    (`open`: students are joining; `started`: the rooms were started; `ended`)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    owner: str
    title: str
    scenario: str
    language: Language
    mode: Literal["roster", "open"]
    team: int
    timers: bool
    seconds: dict[str, int]
    bots: str | None
    same_deal: bool
    shuffle: bool = True
    seed: int | None = None
    """The class's deal when every room plays the same one (`same_deal`), else None."""
    rooms: list[str] = []
    bot_sides: dict[str, list[Side]] = {}
    """Room code -> the sides an engine bot plays there."""
    students: dict[str, Student] = {}
    created_at: int
    started_at: int | None = None
    state: Literal["open", "started", "ended"] = "open"
    next_id: int = 1
    held: list[HeldSeat] = []
    """The seats students who had joined left, in the order they left them."""

    def setup(self) -> Setup:
        """Return the set-up this class was made with (its roster as the class has it now)."""
        roster = [s.name for s in self.students.values()] if self.mode == "roster" else []
        return Setup(
            title=self.title,
            scenario=self.scenario,
            language=self.language,
            mode=self.mode,
            roster=roster,
            team=self.team,
            timers=self.timers,
            seconds=self.seconds,
            bots=self.bots,
            same_deal=self.same_deal,
            shuffle=self.shuffle,
        )

    def by_name(self, name: str) -> Student | None:
        key = name_key(name)
        return next((s for s in self.students.values() if name_key(s.name) == key), None)

    def in_room(self, room: str) -> dict[str, str]:
        """Return seat -> student id for the class's students seated in `room`."""
        return {s.seat: s.id for s in self.students.values() if s.room == room and s.seat}

    def new_id(self) -> str:
        found = f"s{self.next_id}"
        self.next_id += 1
        return found
