"""The protocol's shared base: its version and size limit, the field types every message uses,
and the base classes `Message` (server -> client), `Request` (client -> server, with an `id`) and
`Reply` (answers a request, echoing its `id`).

The other modules' `# noqa: RUF012` on a `= []` or `= {}` default: ruff cannot see across modules
that their classes are pydantic models, which copy such a default for each instance."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from server.protocol.codes import CODE_PATTERN
from server.ruleset.plain import PlainReads

PROTOCOL_VERSION = 2
PROTOCOL_VERSIONS = (1, 2)
"""What a client may say hello with: 2 answers an accepted `act` with the update it makes (its
`id` the request's), 1 with that update and then `accepted` (docs/protocol.md)."""
MAX_MESSAGE_BYTES = 16 * 1024

Language = Literal["en", "zh"]
SeatName = Annotated[
    str, Field(pattern=r"^(washington|beijing)(:[a-z][a-z0-9_]*)?$", max_length=64)
]
"""A seat: a side (`washington`), or one team role of it (`washington:treasury`)."""
Role = Literal["player", "spectator", "instructor"]
RoomCode = Annotated[str, Field(pattern=f"^{CODE_PATTERN}$")]
"""A room's code: 4 to 8 of the characters room codes are made of (no I, L, O, 0 or 1)."""
RequestId = Annotated[str, Field(max_length=64)] | None
CommandId = Annotated[str, Field(min_length=1, max_length=64)] | None
"""A client's own id for a command or chat line: sent again after a lost reply, it is
acknowledged with the first one's position instead of being applied twice."""
_HIDDEN = frozenset(
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
)
"""The bidirectional embeddings, overrides, isolates and marks: in a name they reorder the text
shown after it (a name that reads as someone else's)."""
SAID_KEPT = "\n\t"
"""The control characters kept in what a person says (a chat line, a broadcast, a news text):
line breaks and tabs. A name keeps none."""
MARKS = "\u200e\u200f\u061c"
"""The direction marks (left-to-right, right-to-left, Arabic letter mark): Arabic, Hebrew and
Persian keyboards type them, and in what a person says they only place the punctuation and
digits beside them. Kept there (not in a name); the embeddings, overrides and isolates, which
reorder whole runs of text, are not. A terminal is shown neither (`plain`)."""


def unshown(c: str, kept: str = "") -> bool:
    """Whether character `c` must not be shown as people wrote it: a control character (but
    those in `kept`) — a terminal acts on escape sequences — or a bidirectional control."""
    return c not in kept and (unicodedata.category(c) == "Cc" or c in _HIDDEN)


def plain(text: str, kept: str = "\n") -> str:
    """Text another person wrote, safe to print: no control characters (a terminal acts on
    escape sequences: the title, the screen, the clipboard) but those in `kept` (line breaks;
    "" for a text that must stay on its line), no bidirectional controls. The server refuses
    them in what it is sent now, and cleans an imported record with this (replay/clean.py);
    logs kept from before, or records read from a file (`brink replay`), may hold them. Here,
    below the client and the replay, so `brink play` and `brink replay` print through the same
    filter."""
    return "".join(c for c in text if not unshown(c, kept))


_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols drawn as nothing: the Hangul fillers and the blank Braille pattern."""


def _shows(c: str) -> bool:
    """Whether character `c` leaves a mark: not a space, not a format character (a zero-width
    space or joiner, a byte-order mark) and not a letter drawn as nothing (`_BLANK`)."""
    return not c.isspace() and unicodedata.category(c) != "Cf" and c not in _BLANK


def visible_name(value: str) -> str:
    """A person's name: without the spaces around it, with something visible left, and without
    control characters or the bidirectional controls that would disguise it."""
    name = value.strip()
    if not any(_shows(c) for c in name):
        raise ValueError("a name needs a visible character")
    if any(unshown(c) for c in name):
        raise ValueError("a name cannot hold control characters")
    return name


NAME_MOST, TITLE_MOST, CHAT_MOST = 40, 80, 500
"""The longest a name, a class's title and a chat line may be (and what an imported record's
are cut to: server/replay/clean.py)."""
Name = Annotated[str, Field(min_length=1, max_length=NAME_MOST), AfterValidator(visible_name)]


def _visible_text(value: str) -> str:
    """What a person says (a chat line, an instructor's broadcast): something visible, and no
    control characters but line breaks and tabs, nor bidirectional controls but the direction
    marks — a terminal would act on escape sequences (`brink play` prints chat), and the
    embeddings, overrides and isolates reorder the text around."""
    if not any(_shows(c) for c in value):
        raise ValueError("the text needs a visible character")
    if any(unshown(c, kept=SAID_KEPT + MARKS) for c in value):
        raise ValueError(
            "the text cannot hold control characters (but line breaks and tabs) "
            "or direction overrides"
        )
    return value


def sayable(text: str) -> str:
    """`text` as it may be said (a chat line): without the characters `_visible_text` refuses
    — what a client sends for what its person typed or pasted."""
    return "".join(c for c in text if not unshown(c, kept=SAID_KEPT + MARKS))


SAID = AfterValidator(_visible_text)
"""For a text people read: `Annotated[str, Field(...), SAID]`."""


class Message(PlainReads, BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Request(Message):
    id: RequestId = None


class Reply(Message):
    id: RequestId = None
