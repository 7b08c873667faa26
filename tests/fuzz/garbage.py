"""What is sent that no client should send: fields retyped, dropped or added, huge values,
hostile unicode, deep nesting, text that is not JSON, bytes (`GARBAGE`); and `FRAMES`."""

from __future__ import annotations

import json
from typing import Any

from fuzz.expected import MAX_INT_DIGITS, MIB, SENDERS, _is_utf8
from fuzz.frames import (
    JSON_VALUES,
    REPLAYED,
    REQUESTS,
    SMALL_TEXT,
    UNICODE,
    WELL_FORMED,
    Frame,
    _dumps,
)
from hypothesis import strategies as st

from server.protocol import MAX_MESSAGE_BYTES, PROTOCOL_VERSION


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
