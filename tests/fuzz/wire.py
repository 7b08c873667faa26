"""Fuzzing the websocket protocol: what to send (hypothesis strategies) and a harness that sends
it to a live game over real sockets and judges every answer.

Used by tests/fuzz/test_protocol.py (a CI budget) and bench/fuzz.py (the long run).

What is sent (`FRAMES`, a `Frame` each): random bytes (binary frames, and bytes that are not
UTF-8 in a text frame), text that is not JSON, JSON of the wrong shape (arrays, numbers, null at
the top; the right `type` with fields of the wrong type, missing or extra), huge values (long
integers, strings just under and over the 16 KiB limit and the 1 MiB one, long arrays), unicode
(escaped lone surrogates, RTL and zero-width marks, emoji, NUL), deep nesting (to 12,000 levels),
and well-formed messages that are wrong for the moment: acts from the wrong seat or with a stale
proposal, a previous act replayed with its id, resumes with another room's token, random room
codes. Each frame comes from one `sender`: a fresh socket (no hello yet), a greeted outsider,
the spectator, the instructor, a team-role seat, or a second socket of either side.

How each answer is judged (`Fuzzer.probe`): an answer arrives; it is an `error` whose code is one of
docs/protocol/21-errors.md §21 (never `internal`) and whose `id` follows §2, or the reply that
request has when it is legitimate; the connection stays open, except for a frame of 1 MiB or more
(1009) and a text frame that is not UTF-8 (1007, as RFC 6455 requires); a refused message changes
nothing: not the rooms in Redis (the watched rooms' every key, dumped; which rooms exist), not what
the seated players and the spectator have seen (their log position, view and presence); and the
server logged nothing at ERROR (an unhandled exception).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from hypothesis import strategies as st
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from client.connection import BrinkClient
from server.protocol import MAX_MESSAGE_BYTES, PROTOCOL_VERSION, Ping
from server.settings import ROOT

MIB = 1024 * 1024
"""A frame over this many bytes closes the connection (docs/protocol/01-transport.md §1); one of
exactly 1 MiB is answered `too_large`."""
MAX_INT_DIGITS = 5000
"""Integers up to this many digits (past Python's 4300, which the server answers bad_json)."""
HELLO = json.dumps({"type": "hello", "protocol_version": PROTOCOL_VERSION, "id": "hello"})
NO_ECHO = {"rate_limited", "too_large", "bad_json", "binary"}
"""Errors for messages the server could not read: their `id` is always null (§2)."""
REPLIES: dict[str, set[str]] = {
    "hello": {"welcome"},
    "create_room": {"room_created"},
    "join": {"joined"},
    "resume": {"joined"},
    "act": {"accepted", "update"},  # protocol 2: the update the act made, carrying its id
    "chat": {"accepted"},
    "resync": {"update"},
    "quick_match": {"queued", "joined"},
    "play_bot": {"joined"},
    "ping": {"pong"},
    "leave": {"left"},  # e.g. a ping's type changed to `leave` (Hypothesis tries the code's words)
}
"""The reply each request has when it is not refused."""
ROOM_KEYS = ("", ":log", ":snapshot", ":presence")
"""A room's keys in Redis (server/storage/store.py, docs/redis.md; its seats are in its meta)."""
SENDERS = ("fresh", "outsider", "watcher", "instructor", "treasury", "washington", "beijing")


def documented_codes(path: Path = ROOT / "docs" / "protocol" / "21-errors.md") -> frozenset[str]:
    """Return every error code listed in §21 of the protocol's documentation (a file of its own)."""
    text = path.read_text(encoding="utf-8")
    section = text[text.index("# 21. Errors") :]
    return frozenset(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


# ---------------------------------------------------------------- what is sent


@dataclass(frozen=True)
class Frame:
    """One websocket frame to send: text (`@NAME@` placeholders are filled in from the live
    game when it is sent: `"@#NAME@"` with its quotes for a number) or bytes (a binary frame,
    or with `as_text` a text frame of those bytes, UTF-8 or not)."""

    family: str
    payload: str | bytes
    sender: str = "outsider"
    as_text: bool = False

    def size(self) -> int:
        if isinstance(self.payload, bytes):
            return len(self.payload)
        return len(self.payload.encode("utf-8", "surrogatepass"))


def _dumps(message: Any, ascii_only: bool = True) -> str:
    text = json.dumps(message, ensure_ascii=ascii_only)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only its escape can be sent
        text = json.dumps(message, ensure_ascii=True)
    return text


UNICODE_BITS = st.sampled_from(
    [
        "\ud800", "\udfff", "\udc00\ud800", "\ud83d\ude00", "\u202e", "\u202d", "\u200b",
        "\u200d", "\ufeff", "\u0000", "\u0301", "\U0001f600", "\U0001d54f", "\u05d0\u05d1",
        "\ufdfa", "\x7f", "\x1b[2J", "\\", "\"", "\u2028", "é",
    ]
)  # fmt: skip
UNICODE = st.one_of(
    st.lists(UNICODE_BITS, min_size=1, max_size=6).map("".join),
    st.text(alphabet=st.characters(), max_size=30),
    st.tuples(st.text(max_size=10), UNICODE_BITS, st.text(max_size=10)).map("".join),
)
SMALL_TEXT = st.one_of(st.text(max_size=12), UNICODE)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    SMALL_TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(SMALL_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)
CARDS = st.sampled_from(
    ["@CARD_W@", "@CARD_B@", "@CARD_W@", "@CARD_B@", "us_tariff_34", "cn_ree_seven",
     "us_death_star", ""]
)  # fmt: skip
TERMS = st.sampled_from(
    ["tariff_truce", "licence_promise", "magnets_for_chips", "truce_extension", "no_such_term"]
)
PROPOSALS = st.one_of(
    st.sampled_from(["@#PROPOSAL@", "@#PROPOSAL@", "@#STALE_PROPOSAL@", "@#N@"]),
    st.integers(-3, 100),
)
COMMANDS = st.one_of(
    st.builds(lambda cards: {"type": "play", "cards": cards}, st.lists(CARDS, max_size=7)),
    st.builds(lambda card: {"type": "bluff", "card": card}, CARDS),
    st.sampled_from(["check", "call", "call_bluff", "fold", "pass"]).map(lambda t: {"type": t}),
    st.builds(
        lambda kind, terms, rounds, proposal: {
            "type": kind,
            "terms": terms,
            "rounds": rounds,
            **({"proposal": proposal} if kind == "counter" else {}),
        },
        st.sampled_from(["propose", "counter"]),
        st.lists(
            st.builds(
                lambda term, params: {"term": term, "params": params},
                TERMS,
                st.dictionaries(
                    st.sampled_from(["on_china", "on_us", "rounds", "us_share", "x"]),
                    st.integers(-5, 300),
                    max_size=3,
                ),
            ),
            max_size=3,
        ),
        st.integers(0, 8),
        PROPOSALS,
    ),
    st.builds(
        lambda kind, proposal: {"type": kind, "proposal": proposal},
        st.sampled_from(["accept", "reject", "withdraw"]),
        PROPOSALS,
    ),
    st.builds(
        lambda turn: {"type": "timeout", "turn": turn},
        st.sampled_from(["@#TURN@", "@#OLD_TURN@", 0]),
    ),
    st.builds(lambda seed: {"type": "start", "seed": seed}, st.integers(0, 2**62)),
)
CODES = st.one_of(
    st.sampled_from(["@CODE@", "@CODE@", "@BOT_CODE@"]),
    st.from_regex(r"\A[A-Z2-9]{4,8}\Z"),
)
TOKENS = st.sampled_from(
    ["@TOKEN_W@", "@TOKEN_B@", "@TOKEN_T@", "@BOT_TOKEN@", "not-a-token-at-all", "@KEY@"]
)
SEATS = st.sampled_from(
    ["washington", "beijing", "washington:treasury", "washington:president", "beijing:leader",
     "beijing:vice_premier", "washington:intern", "beijing:", None]
)  # fmt: skip
IDS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(["@LAST_ID@", "@LAST_ID@", "x" * 64, "x" * 65, "\ud800"]),
    st.integers(),
)


def _request(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, **fields}


REQUESTS = st.one_of(
    st.builds(lambda c: _request("act", command=c), COMMANDS),
    st.builds(lambda c: _request("act", command=c), COMMANDS),
    st.builds(lambda c: _request("act", command=c), COMMANDS),
    st.builds(
        lambda code, seat, key, name: _request(
            "join",
            code=code,
            **({"seat": seat} if seat else {}),
            **({"instructor_key": key} if key else {}),
            name=name,
        ),
        CODES,
        SEATS,
        st.sampled_from([None, None, "@KEY@", "wrong-key", "@BOT_KEY@"]),
        st.sampled_from(["Fuzz", "\u202eRTL", "零"]),
    ),
    st.builds(
        lambda code, token, since: _request("resume", code=code, token=token, since=since),
        CODES,
        TOKENS,
        st.sampled_from([0, "@#N@", 10**18]),
    ),
    st.builds(
        lambda text, team: _request("chat", text=text, team=team),
        st.sampled_from(["hi", "\u202ereversed", "a" * 500]),
        st.booleans(),
    ),
    st.builds(
        lambda scenario, bots, seconds, timers: _request(
            "create_room", scenario=scenario, bots=bots, seconds=seconds, timers=timers
        ),
        st.sampled_from(["intro", "atlantis", "classroom"]),
        st.sampled_from([{}, {"beijing": "skynet"}, {"washington": "dove"}]),
        st.sampled_from([{}, {"talks": 60}]),
        st.just(False),
    ),
    st.builds(
        lambda scenario, bot: _request("play_bot", scenario=scenario, bot=bot),
        st.sampled_from(["intro", "atlantis"]),
        st.sampled_from(["random", "skynet", "dove"]),
    ),
    st.builds(lambda s: _request("quick_match", scenario=s), st.sampled_from(["intro", "nowhere"])),
    st.just(_request("resync")),
    st.just(_request("hello", protocol_version=PROTOCOL_VERSION)),
    st.just(_request("hello", protocol_version=PROTOCOL_VERSION + 1)),
    st.just(_request("ping")),
)
"""Well-formed requests, many of them wrong for the moment (placeholders: the live game)."""


def _with_id(message: dict[str, Any], request_id: Any) -> dict[str, Any]:
    return message if request_id is None else {**message, "id": request_id}


WELL_FORMED = st.builds(
    lambda message, request_id, sender: Frame("well_formed", _dumps(_with_id(message, request_id)),
                                              sender),
    REQUESTS,
    IDS,
    st.sampled_from(SENDERS),
)  # fmt: skip
REPLAYED = st.builds(
    lambda which, sender: Frame("replayed", f"@REPLAY:{which}@", sender),
    st.integers(0, 10**6),
    st.sampled_from(SENDERS),
)
"""A previous act or chat sent again as it was, with its id (which one: `which` modulo how
many are kept)."""


def _mutated(message: dict[str, Any], draw: Any) -> dict[str, Any]:
    """Return `message` with one field (or one of its command's) retyped, dropped or added."""
    target = message
    if "command" in message and isinstance(message["command"], dict) and draw(st.booleans()):
        target = dict(message["command"])
        message = {**message, "command": target}
    else:
        message = target = dict(message)
    keys = sorted(target)
    how = draw(st.sampled_from(["retype", "drop", "add"]))
    if how == "retype" and keys:
        target[draw(st.sampled_from(keys))] = draw(JSON_VALUES)
    elif how == "drop" and keys:
        del target[draw(st.sampled_from(keys))]
    else:
        target[draw(SMALL_TEXT)] = draw(JSON_VALUES)
    return message


@st.composite
def wrong_fields(draw: Any) -> Frame:
    message = _mutated(draw(REQUESTS), draw)
    return Frame(
        "wrong_field", _dumps(message, draw(st.booleans())), draw(st.sampled_from(SENDERS))
    )


BIG = "@#BIG@"
NUMERIC = {
    "hello.protocol_version": {"type": "hello", "protocol_version": BIG},
    "resume.since": {"type": "resume", "code": "@CODE@", "token": "@TOKEN_W@", "since": BIG},
    "ping.id": {"type": "ping", "id": BIG},
    "accept.proposal": {"type": "act", "command": {"type": "accept", "proposal": BIG}},
    "propose.rounds": {
        "type": "act",
        "command": {"type": "propose", "rounds": BIG, "terms": [{"term": "tariff_truce"}]},
    },
    "propose.params": {
        "type": "act",
        "command": {
            "type": "propose",
            "rounds": 2,
            "terms": [{"term": "tariff_truce", "params": {"on_china": BIG}}],
        },
    },
    "timeout.turn": {"type": "act", "command": {"type": "timeout", "turn": BIG}},
    "start.seed": {"type": "act", "command": {"type": "start", "seed": BIG}},
    "create_room.seconds": {"type": "create_room", "scenario": "intro", "seconds": {"talks": BIG}},
}
"""Where a number goes: each request with BIG where a long number is written in."""


@st.composite
def huge_values(draw: Any) -> Frame:
    """Long integers, strings at the size limits, long arrays, 10^6-character strings."""
    kind = draw(st.sampled_from(["integer", "near_16k", "near_1m", "million", "array"]))
    sender = draw(st.sampled_from(SENDERS))
    if kind == "integer":
        digits = draw(st.one_of(st.integers(1, MAX_INT_DIGITS), st.sampled_from([19, 20, 309])))
        sign = draw(st.sampled_from(["", "-"]))
        number = draw(
            st.sampled_from([sign + "9" * digits, sign + "9" * digits + ".5", f"{sign}1e{digits}"])
        )
        template = NUMERIC[draw(st.sampled_from(sorted(NUMERIC)))]
        return Frame("huge_integer", json.dumps(template).replace(json.dumps(BIG), number), sender)
    if kind in ("near_16k", "near_1m"):
        # Just under and just over a limit: 16 KiB (too_large) or 1 MiB (the socket closes).
        limit = MAX_MESSAGE_BYTES if kind == "near_16k" else MIB
        target = limit + draw(st.sampled_from([-2, -1, 0, 1, 2]))
        char = draw(st.sampled_from(["x", "é", "😀", "\u200b"]))
        key = draw(st.sampled_from(["text", "name", "id", "padding"]))
        message: dict[str, Any] = {
            "text": {"type": "chat", "text": ""},
            "padding": {"type": "chat", "text": "hi"},
            "name": {"type": "join", "code": "@CODE@", "name": ""},
            "id": {"type": "ping", "id": ""},
        }[key]
        if key != "padding":
            room = target - len(_dumps(message, False).encode())
            message[key] = char * max(0, room // len(char.encode()))
        text = _dumps(message, False)
        text += " " * max(0, target - len(text.encode()))  # JSON allows trailing blanks
        return Frame(f"size_{kind}", text, sender)
    if kind == "million":
        char = draw(st.sampled_from(["x", "é"]))  # under 1 MiB, and twice as many bytes
        return Frame("million_chars", _dumps({"type": "chat", "text": char * 10**6}, False), sender)
    length = draw(st.integers(7, 3500))
    shape = draw(st.sampled_from(["cards", "terms", "top"]))
    array: Any
    if shape == "cards":
        array = {"type": "act", "command": {"type": "play", "cards": ["x"] * length}}
    elif shape == "terms":
        terms = [{"term": "tariff_truce"}] * min(length, 600)
        array = {"type": "act", "command": {"type": "propose", "rounds": 2, "terms": terms}}
    else:
        array = [{"type": "ping"}] * min(length, 900)
    return Frame("long_array", _dumps(array), sender)


@st.composite
def unicode_fields(draw: Any) -> Frame:
    """Well-formed requests with a string (or a key) replaced by hostile unicode."""
    text = draw(UNICODE)
    templates: list[Any] = [
        {"type": "chat", "text": text},
        {"type": "join", "code": "@CODE@", "name": text},
        {"type": "join", "code": text, "name": "x"},
        {"type": "join", "code": "@CODE@", "seat": text},
        {"type": "join", "code": "@CODE@", "instructor_key": text},
        {"type": "resume", "code": "@CODE@", "token": text + "@TOKEN_W@"},
        {"type": "ping", "id": text},
        {"type": text},
        {"type": "create_room", "scenario": text},
        {"type": "create_room", "scenario": "intro", "seconds": {text: 2}},
        {"type": "create_room", "scenario": "intro", "bots": {"beijing": text}},
        {"type": "play_bot", "bot": text, "name": text},
        {"type": "quick_match", "name": text},
        {"type": "hello", "protocol_version": PROTOCOL_VERSION, "client": text},
        {"type": "act", "command": {"type": text}},
        {"type": "act", "command": {"type": "bluff", "card": text}},
        {"type": "act", "command": {"type": "play", "cards": [text, "@CARD_W@"]}},
        {"type": "act", "command": {"type": "propose", "rounds": 2,
                                    "terms": [{"term": text, "params": {text: 1}}]}},
        {"type": "ping", text: 1},
    ]  # fmt: skip
    message = draw(st.sampled_from(templates))
    return Frame("unicode", _dumps(message, draw(st.booleans())), draw(st.sampled_from(SENDERS)))


@st.composite
def deep_nesting(draw: Any) -> Frame:
    """Arrays and objects nested up to 12,000 levels, alone or inside a request."""
    depth = draw(st.one_of(st.integers(1, 1200), st.integers(1, 12_000), st.just(10_000)))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}"), ('{"type":', "}")]))
    closed = draw(st.booleans())
    inner = opener * depth + ("1" + closer * depth if closed else "")
    where = draw(st.sampled_from(["top", "id", "command", "params", "type", "seconds"]))
    if where == "top":
        text = inner
    else:
        template = {
            "id": '{"type":"ping","id":@}',
            "command": '{"type":"act","command":@}',
            "params": '{"type":"act","command":{"type":"propose","rounds":2,'
            '"terms":[{"term":"tariff_truce","params":{"on_china":@}}]}}',
            "type": '{"type":@}',
            "seconds": '{"type":"create_room","scenario":"intro","seconds":{"talks":@}}',
        }[where]
        text = template.replace("@", inner)
    return Frame("deep_nesting", text, draw(st.sampled_from(SENDERS)))


NOT_JSON = st.one_of(
    st.text(max_size=200).filter(lambda text: not _is_json(text)),
    st.sampled_from(
        [
            "", " ", "{", "}", "{'type': 'ping'}", '{"type": "ping",}', "[1,]", '"unterminated',
            '{"type":"ping"}{}', '{"type":"ping"} trailing', "\ufeff{\"type\":\"ping\"}",
            "NaN", "Infinity", "-Infinity", '{"type":"ping","id":NaN}', "nul\x00l",
            '{"type":"ping","id":"\\ud800"}', '{"type":"ping","id":"\\x41"}', "\\u0000",
            '{"type":"ping","id":"a","id":"b"}', '{"type":"ping","type":"hello"}',
            '{"type":"act","command":{"type":"check"},"command":{"type":"fold"}}',
        ]
    ),
)  # fmt: skip


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


GARBAGE = st.one_of(
    st.builds(
        lambda data, sender: Frame("bytes", data, sender),
        st.binary(max_size=300),
        st.sampled_from(SENDERS),
    ),
    st.builds(
        lambda data, sender: Frame("not_utf8", data, sender, as_text=True),
        st.binary(min_size=1, max_size=40).filter(lambda b: not _is_utf8(b)),
        st.sampled_from(SENDERS),
    ),
    st.builds(
        lambda text, sender: Frame("not_json", text, sender), NOT_JSON, st.sampled_from(SENDERS)
    ),
    st.builds(
        lambda value, sender: Frame("not_object", _dumps(value), sender),
        JSON_VALUES.filter(lambda value: not isinstance(value, dict)),
        st.sampled_from(SENDERS),
    ),
    wrong_fields(),
    huge_values(),
    unicode_fields(),
    deep_nesting(),
)
"""Input no client should send: every frame must get an error (or a legitimate reply)."""
FRAMES = st.sampled_from([GARBAGE, GARBAGE, WELL_FORMED, WELL_FORMED, REPLAYED]).flatmap(
    lambda strategy: strategy
)
"""Everything bench/fuzz.py sends: garbage and well-formed requests, about half and half."""


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- the server's log


class ErrorLog(logging.Handler):
    """Keeps every record at ERROR or above that the process logs (an unhandled exception in
    the server shows up here: aiohttp's `Error handling request`, `failed to handle ...`)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self, start: int = 0) -> list[str]:
        found = []
        for record in self.records[start:]:
            error = record.exc_info[1] if record.exc_info else None
            found.append(f"{record.name}: {record.getMessage()} {error!r}")
        return found

    @contextlib.contextmanager
    def installed(self) -> Any:
        root = logging.getLogger()
        root.addHandler(self)
        try:
            yield self
        finally:
            root.removeHandler(self)


# ---------------------------------------------------------------- the harness


class Socket:
    """A bare websocket for one sender."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.token: str | None = None  # the seat token of the last `joined`
        self.used = False  # joined or queued: no longer what its sender name says

    async def send(self, frame: Frame, text: str | bytes) -> None:
        if isinstance(text, bytes):
            await self.socket.send(text, text=frame.as_text)
        else:
            await self.socket.send(text)

    async def answer(self, timeout: float, resync: bool = False) -> dict[str, Any]:
        """Return the next message that answers a request: not a presence, nor an update
        pushed to the room (`id` null) — unless `resync` without an id was asked, whose reply
        is an update with no id and no entries."""
        async with asyncio.timeout(timeout):
            while True:
                message: dict[str, Any] = json.loads(await self.socket.recv())
                kind = message.get("type")
                if kind in ("presence", "resync_required"):
                    continue
                pushed = kind == "update" and message.get("id") is None
                if pushed and not (resync and message.get("entries") == []):
                    continue
                return message

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.socket.close()


@dataclass
class Outcome:
    """What became of one frame: the answer (a reply type or an error code), or `closed:N`,
    and what was wrong with it (empty: nothing)."""

    frame: Frame
    answer: str
    problems: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    dropped: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.crashes

    def report(self) -> str:
        shown = self.frame.payload[:300]
        return (
            f"{self.frame.family} from {self.frame.sender}: {shown!r} -> {self.answer}: "
            + "; ".join(self.problems + self.crashes)
        )


@dataclass
class Tally:
    """What a run sent and got, for the long run's report."""

    sent: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    families: Counter[str] = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.sent += 1
        self.answers[outcome.answer] += 1
        self.families[outcome.frame.family] += 1
        self.crashes += outcome.crashes
        if outcome.dropped:
            self.dropped.append(outcome.report())
        if outcome.problems:
            self.problems.append(outcome.report())


@dataclass
class Table:
    """The room under fire: two players (BrinkClients that only watch), a spectator, the
    raw sockets that hold its other places, and a room against a bot next to it."""

    code: str
    key: str
    tokens: dict[str, str]
    observers: list[BrinkClient]
    bot_code: str
    bot_key: str
    bot_token: str


class Fuzzer:
    """Sends frames to a running server next to a game in progress and judges each answer."""

    def __init__(self, url: str, redis_url: str, log: ErrorLog, timeout: float = 10) -> None:
        self.url = url
        self.redis = Redis.from_url(redis_url)  # bytes: DUMP gives binary
        self.log = log
        self.timeout = timeout
        self.codes = documented_codes() - {"internal"}
        self.sockets: dict[str, Socket] = {}
        self.table: Table | None = None
        self.tally = Tally()
        self.replayable: list[str] = []
        self.last_id = "a1"
        self.unsettled = True
        self.renew = False
        """A seat was given up (`leave`): the next frame starts a fresh table."""
        self.known: dict[str, Any] | None = None  # the state, while nothing can have moved
        self.presence = [0, 0, 0]  # presence messages each observer has received
        self.tables = 0

    # ------------------------------------------------------------ setting the table

    async def start(self) -> None:
        await self._new_table()

    async def close(self) -> None:
        for socket in self.sockets.values():
            await socket.close()
        self.sockets.clear()
        if self.table is not None:
            for client in self.table.observers:
                await client.close()
        await self.redis.aclose()

    async def _new_table(self) -> None:
        """Open a fresh game (the last one ended): two players, a spectator, a bot room."""
        if self.table is not None:
            for client in self.table.observers:
                await client.close()
        for socket in self.sockets.values():
            await socket.close()
        self.sockets.clear()
        washington, beijing = BrinkClient(self.url, "Ada"), BrinkClient(self.url, "Bo")
        watcher, human = BrinkClient(self.url, "Watcher"), BrinkClient(self.url, "Hu")
        for client in (washington, beijing, watcher, human):
            await client.connect()
        room = await washington.create_room("full_2025", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        await watcher.join(room.code)
        bot_room = await human.create_room("intro", bots={"beijing": "tit_for_tat"}, timers=False)
        await human.join(bot_room.code, "washington")
        assert washington.token and beijing.token and human.token
        self.presence = [0, 0, 0]
        self.table = Table(
            room.code,
            room.instructor_key,
            {"washington": washington.token, "beijing": beijing.token},
            [washington, beijing, watcher],
            bot_room.code,
            bot_room.instructor_key,
            human.token,
        )
        await human.close()  # its seat stays taken, its room stays still
        treasury = await self._socket()
        seat = {"type": "join", "code": room.code, "seat": "washington:treasury"}
        assert (await self._request(treasury, seat))["type"] == "joined"
        assert treasury.token is not None
        self.table.tokens["treasury"] = treasury.token
        self.sockets["treasury"] = treasury
        self.tables += 1
        self.unsettled = True

    async def _socket(self, hello: bool = True) -> Socket:
        socket = Socket(await websockets.connect(self.url, max_size=2**23, compression=None))
        if hello:
            await socket.socket.send(HELLO)
            assert (await socket.answer(self.timeout))["type"] == "welcome"
        return socket

    async def _request(self, socket: Socket, message: dict[str, Any]) -> dict[str, Any]:
        await socket.socket.send(json.dumps({**message, "id": "setup"}))
        reply = await socket.answer(self.timeout)
        if reply["type"] == "joined":
            socket.token = reply.get("token")
        return reply

    async def _sender(self, name: str) -> Socket:
        """Return the socket of sender `name`, (re)opening it as that sender."""
        found = self.sockets.get(name)
        if found is not None and not found.used and name != "fresh":
            return found
        if found is not None:
            await found.close()
            # A fresh socket said one thing, at most hello: closing it moves nothing.
            self.unsettled = self.unsettled or name != "fresh"
        assert self.table is not None
        table = self.table
        socket = await self._socket(hello=name != "fresh")
        setup: dict[str, Any] | None = {
            "watcher": {"type": "join", "code": table.code, "name": "Fuzz"},
            "instructor": {"type": "join", "code": table.code, "instructor_key": table.key},
        }.get(name)
        if name in ("treasury", "washington", "beijing"):
            setup = {"type": "resume", "code": table.code, "token": table.tokens[name]}
        if setup is not None:
            reply = await self._request(socket, setup)
            assert reply["type"] == "joined", reply
            self.unsettled = True
        self.sockets[name] = socket
        return socket

    # ------------------------------------------------------------ filling in the game

    def _values(self) -> dict[str, str]:
        """The placeholders' values now (strings; `#` ones are numbers)."""
        assert self.table is not None
        table = self.table
        washington, beijing = table.observers[0].view, table.observers[1].view
        hand_w = washington["sides"]["washington"]["hand"] or ["us_tariff_34"]
        hand_b = beijing["sides"]["beijing"]["hand"] or ["cn_ree_seven"]
        proposal = (washington.get("proposal") or {}).get("id")
        turn = self.tally.sent
        return {
            "CODE": table.code,
            "BOT_CODE": table.bot_code,
            "KEY": table.key,
            "BOT_KEY": table.bot_key,
            "TOKEN_W": table.tokens["washington"],
            "TOKEN_B": table.tokens["beijing"],
            "TOKEN_T": table.tokens["treasury"],
            "BOT_TOKEN": table.bot_token,
            "CARD_W": hand_w[turn % len(hand_w)],
            "CARD_B": hand_b[turn % len(hand_b)],
            "LAST_ID": self.last_id,
            "#PROPOSAL": str(proposal if proposal is not None else washington["next_id"]),
            "#STALE_PROPOSAL": str(max(1, (proposal or washington["next_id"]) - 1)),
            "#N": str(table.observers[0].n),
            "#TURN": str(washington["turn"]),
            "#OLD_TURN": str(max(0, washington["turn"] - 1)),
        }

    def fill(self, frame: Frame) -> str | bytes:
        """Return the frame's payload with the live game's values in place of placeholders."""
        if isinstance(frame.payload, bytes):
            return frame.payload
        replay = re.fullmatch(r"@REPLAY:(\d+)@", frame.payload)
        if replay is not None:
            if not self.replayable:
                return json.dumps({"type": "act", "id": "none-yet", "command": {"type": "pass"}})
            return self.replayable[int(replay.group(1)) % len(self.replayable)]
        if "@" not in frame.payload:
            return frame.payload
        text = frame.payload
        for name, value in self._values().items():
            if name.startswith("#"):
                text = text.replace(f'"@{name}@"', value)
            else:
                text = text.replace(f"@{name}@", value)
        return text

    # ------------------------------------------------------------ what must not change

    async def _stored(self) -> dict[str, Any]:
        """Return the rooms in Redis: which exist (and which rule sets), every key of the
        watched rooms and the quick-match queues, dumped, and the watched rooms' deadlines.
        One round trip, whatever the number of rooms the fuzzing created."""
        assert self.table is not None
        codes = (self.table.code, self.table.bot_code)
        watched = [f"brink:room:{code}{part}" for code in codes for part in ROOM_KEYS]
        watched += [f"brink:queue:{path.stem}" for path in sorted((ROOT / "rules").glob("*.yaml"))]
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.keys("brink:room:??????")  # room codes have 6 characters: the rooms' hashes
            pipe.keys("brink:rules:*")
            for key in watched:
                pipe.dump(key)
            for code in codes:
                pipe.zscore("brink:timers", code)
            found = await pipe.execute()
        return {
            "rooms": sorted(found[0]),
            "rules": sorted(found[1]),
            "keys": dict(zip(watched, found[2:], strict=False)),
            "deadlines": found[2 + len(watched) :],
        }

    async def _seen(self) -> list[Any]:
        """Return what the players and the spectator have seen (after a round trip each, so
        that anything sent to them before has arrived)."""
        assert self.table is not None
        seen = []
        for index, client in enumerate(self.table.observers):
            await client.request(Ping(), timeout=self.timeout)
            # What a client keeps of its past is not compared (its position and view are):
            # let it go, or a long run would hold every update ever pushed to three clients.
            self.presence[index] += len(client.presence)
            client.presence.clear()
            client.entries.clear()
            while not client._updates.empty():
                client._updates.get_nowait()
            seen.append((client.n, client.view, client.resyncs, self.presence[index]))
        return seen

    async def state(self) -> dict[str, Any]:
        """Return what a refused message must leave as it was."""
        return {"stored": await self._stored(), "seen": await self._seen()}

    def _compared(self, before: dict[str, Any], after: dict[str, Any], closed: bool) -> list[str]:
        """Return what changed. A socket the server closed may leave its seat (presence
        counts, an `away`): that much may change then, nothing else."""
        if closed:
            for state in (before, after):
                state["stored"]["keys"] = {
                    k: v for k, v in state["stored"]["keys"].items() if not k.endswith(":presence")
                }
                state["seen"] = [seen[:3] for seen in state["seen"]]
        return [
            f"a refused message changed what is {part}"
            for part in ("stored", "seen")
            if after[part] != before[part]
        ]

    async def settle(self) -> None:
        """Wait until Redis stops changing: a closed socket's leaving, a bot's answer."""
        previous = await self._stored()
        for _ in range(100):
            await asyncio.sleep(0.02)
            now = await self._stored()
            if now == previous:
                break
            previous = now
        self.unsettled = False

    # ------------------------------------------------------------ one frame

    async def probe(self, frame: Frame) -> Outcome:
        """Send one frame and judge what becomes of it."""
        assert self.table is not None
        if self.renew or self.table.observers[0].view.get("outcome") is not None:
            self.renew = False
            await self._new_table()
        socket = await self._sender(frame.sender)
        text = self.fill(frame)
        if self.unsettled:
            await self.settle()
            self.known = None
        before = self.known or await self.state()
        self.known = None
        logged = len(self.log.records)
        request = _parsed(text)
        outcome = await self._exchange(socket, frame, text, request)
        await asyncio.sleep(0)
        outcome.crashes = self.log.describe(logged)
        closed = outcome.answer.startswith("closed")
        if closed:
            self.unsettled = True
            await self.settle()
        if outcome.answer.startswith("error:") or closed:
            if outcome.answer == "error:internal":
                outcome.problems.append("internal error")
            after = await self.state()
            outcome.problems += self._compared(before, after, closed)
            if not closed and not outcome.problems:
                self.known = after  # a refusal moved nothing: the next frame starts from here
        else:
            self._after_reply(socket, frame, text, request, outcome.answer)
        self.tally.add(outcome)
        return outcome

    async def _exchange(
        self, socket: Socket, frame: Frame, text: str | bytes, request: Any
    ) -> Outcome:
        resync = isinstance(request, dict) and request.get("type") == "resync"
        try:
            await socket.send(frame, text)
            reply = await socket.answer(self.timeout, resync and _echoed_id(request) is None)
        except ConnectionClosed as closed:
            socket.used = True
            return self._closed(frame, closed)
        except TimeoutError:
            return Outcome(frame, "silence", [f"no answer within {self.timeout:g} s"])
        outcome = Outcome(frame, _answer(reply))
        outcome.problems += self._judge(frame, text, request, reply)
        # The connection and the game go on: the sender is still answered.
        try:
            await socket.socket.send(json.dumps({"type": "ping", "id": "alive"}))
            alive = await socket.answer(self.timeout)
        except (ConnectionClosed, TimeoutError) as error:
            socket.used = True
            outcome.dropped = True
            outcome.problems.append(f"the connection did not go on: {error!r}")
        else:
            if alive.get("type") != "pong" and alive.get("code") != "hello_first":
                outcome.problems.append(f"after it, a ping got {alive}")
        return outcome

    def _closed(self, frame: Frame, closed: ConnectionClosed) -> Outcome:
        code = closed.rcvd.code if closed.rcvd is not None else None
        outcome = Outcome(frame, f"closed:{code}")
        if frame.size() > MIB:
            # over the size the server reads at all (docs/protocol/01-transport.md §1)
            expected = 1009
        elif frame.as_text and isinstance(frame.payload, bytes) and not _is_utf8(frame.payload):
            expected = 1007  # a text frame that is not UTF-8 (RFC 6455 §8.1)
        else:
            expected = None
        if code != expected:
            outcome.dropped = True
            outcome.problems.append(f"connection closed ({code}), expected {expected}")
        return outcome

    def _judge(
        self, frame: Frame, text: str | bytes, request: Any, reply: dict[str, Any]
    ) -> list[str]:
        problems = []
        kind = reply.get("type")
        size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
        if frame.size() > MIB:
            return [f"a frame of {size} bytes was answered ({kind}) instead of closing"]
        if kind == "error":
            code = reply.get("code")
            if code not in self.codes:
                problems.append(f"error code {code!r} is not documented")
            if not isinstance(reply.get("message"), str) or not reply["message"].strip():
                problems.append("an error without a message")
            expected_id = None if code in NO_ECHO else _echoed_id(request)
            if reply.get("id") != expected_id:
                problems.append(f"error id {reply.get('id')!r}, expected {expected_id!r}")
            if (
                isinstance(text, bytes)
                and not frame.as_text
                and code not in ("binary", "rate_limited")
            ):
                problems.append(f"a binary frame got {code}")
            if size > MAX_MESSAGE_BYTES and code not in ("too_large", "rate_limited"):
                problems.append(f"{size} bytes got {code}, not too_large")
            return problems
        request_type = request.get("type") if isinstance(request, dict) else None
        allowed = {"welcome"} if frame.sender == "fresh" else REPLIES.get(str(request_type), set())
        if kind not in allowed:
            problems.append(f"reply {kind!r} to a {request_type!r} message")
        elif reply.get("id") != _echoed_id(request):
            problems.append(f"reply id {reply.get('id')!r}, expected {_echoed_id(request)!r}")
        if size > MAX_MESSAGE_BYTES:
            problems.append(f"{size} bytes were accepted")
        return problems

    def _after_reply(
        self, socket: Socket, frame: Frame, text: str | bytes, request: Any, answer: str
    ) -> None:
        """A legitimate reply: remember what may be replayed, and retire a socket that is no
        longer what its sender name says (an outsider that joined or queued; a sender that
        left the table: its seat given up, the table is played afresh)."""
        if answer in ("joined", "queued") or frame.sender == "fresh":
            socket.used = True
        if answer == "left":
            socket.used = self.renew = True
        if isinstance(request, dict) and request.get("type") in ("act", "chat"):
            if isinstance(text, str):
                self.replayable = [*self.replayable[-20:], text]
            if isinstance(request.get("id"), str):
                self.last_id = request["id"]


def _parsed(text: str | bytes) -> Any:
    """Return the frame as the server would read it, or None if it is not JSON."""
    if isinstance(text, bytes):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _echoed_id(request: Any) -> str | None:
    """Return the id a reply must carry: the request's, if a string of at most 64 characters
    that UTF-8 can encode (docs/protocol/02-messages.md §2), else None."""
    found = request.get("id") if isinstance(request, dict) else None
    if not isinstance(found, str) or len(found) > 64:
        return None
    try:
        found.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return found


def _answer(reply: dict[str, Any]) -> str:
    kind = str(reply.get("type"))
    return f"error:{reply.get('code')}" if kind == "error" else kind
