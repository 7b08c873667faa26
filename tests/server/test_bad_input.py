"""Bad input: every refused message gets an `error` with a stable code and changes nothing.

Each test sends one kind of bad input to a real server next to a room in play and checks that
the answer is an `error` with the exact code and a message a person can read, that the
connection is still up afterwards (a `ping` gets its `pong`) unless the input was abusive, and
that the room did not move: its log position and seats in Redis, and every seated client's and
a spectator's position and view, are as they were.

Here: messages the server cannot read (malformed, too large, out of order, binary frames).
Refused game commands, room requests and origins: test_refused_requests.py; floods:
test_floods.py; what they share: tests/refusalkit.py and tests/server/conftest.py.
"""

from __future__ import annotations

import json
import string
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from refusalkit import HELLO, Raw, Table, answer, readable, still_up, unchanged

from server.protocol import MAX_MESSAGE_BYTES, PROTOCOL_VERSION, ClassCode, RoomCode
from server.protocol.codes import CODE_ALPHABET

pytestmark = pytest.mark.usefixtures("scenarios_loaded_once")


# ---------------------------------------------------------------- malformed messages


@pytest.mark.parametrize("text", ["{not json", '{"type": "ping"', "", "{'type': 'ping'}"])
async def test_a_player_who_sends_malformed_json_is_told_bad_json(table: Table, text: str) -> None:
    async with unchanged(table):
        error = await answer(table.washington, text)
        await still_up(table.washington)
    assert error.code == "bad_json"
    readable(error.message, "not JSON", "character")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
async def test_a_player_who_sends_a_number_json_does_not_have_is_told_bad_json(
    table: Table, constant: str
) -> None:
    text = '{"type": "resume", "code": "ABCD", "token": "abcdefghijkl", "since": ' + constant + "}"
    async with unchanged(table):
        error = await answer(table.washington, text)
        await still_up(table.washington)
    assert error.code == "bad_json"
    readable(error.message, "not JSON", f"{constant} is not a JSON number")


@pytest.mark.parametrize("text", ["[]", '[{"type": "ping"}]', "42", "null", '"ping"', "true"])
async def test_a_player_who_sends_json_that_is_not_an_object_is_told_bad_message(
    table: Table, text: str
) -> None:
    async with unchanged(table):
        error = await answer(table.washington, text)
        await still_up(table.washington)
    assert error.code == "bad_message"
    readable(error.message, "message: should be an object")


@pytest.mark.parametrize(
    ("message", "named"),
    [
        ({"type": "fly", "id": "bad-1"}, "'fly'"),
        ({"type": "PING", "id": "bad-1"}, "'PING'"),
    ],
)
async def test_a_player_who_sends_an_unknown_type_is_told_unknown_type(
    table: Table, message: dict[str, Any], named: str
) -> None:
    async with unchanged(table):
        error = await answer(table.washington, json.dumps(message))
        await still_up(table.washington)
    assert error.code == "unknown_type"
    assert error.id == "bad-1"
    readable(error.message, "unknown message type", named)


@pytest.mark.parametrize(
    ("message", "code", "told"),
    [
        ({"id": "bad-1"}, "unknown_type", 'the message has no "type"'),
        (
            {"id": "bad-1", "type": "act", "command": {"card": "x"}},
            "unknown_command",
            'the command has no "type"',
        ),
    ],
)
async def test_a_message_without_a_type_is_told_it_has_none(
    table: Table, message: dict[str, Any], code: str, told: str
) -> None:
    """Not "unknown message type None": what is missing."""
    async with unchanged(table):
        error = await answer(table.washington, json.dumps(message))
        await still_up(table.washington)
    assert error.code == code
    assert error.message == told


async def test_a_misnamed_field_is_told_as_both_missing_and_not_a_field(table: Table) -> None:
    """`card` for `cards`: the answer names the field sent as well as the one missing."""
    command = {"type": "play", "card": "nuke"}
    async with unchanged(table):
        error = await answer(table.washington, json.dumps({"type": "act", "command": command}))
        await still_up(table.washington)
    assert error.code == "bad_message"
    assert error.message == "command.cards: missing; command.card: not a field of this message"


async def test_a_number_too_long_is_told_without_pythons_advice(table: Table) -> None:
    text = '{"type": "ping", "id": "x", "n": ' + "9" * 5000 + "}"
    async with unchanged(table):
        error = await answer(table.washington, text)
        await still_up(table.washington)
    assert error.code == "bad_json"
    assert error.message == "not JSON this server reads: a number over 4300 digits"


def _resume(since: object) -> dict[str, object]:
    return {"type": "resume", "id": "bad-2", "code": "ABCD", "token": "t" * 24, "since": since}


@pytest.mark.parametrize(
    ("message", "where"),
    [
        ({"type": "act", "id": "bad-2", "command": {"type": "play"}}, "command.cards: missing"),
        (
            {"type": "act", "id": "bad-2", "command": {"type": "play", "cards": []}},
            "command.cards: empty",
        ),
        ({"type": "act", "id": "bad-2"}, "command: missing"),
        (
            {"type": "act", "id": "bad-2", "command": {"type": "check", "x": 1}},
            "command.x: not a field",
        ),
        (
            {"type": "join", "id": "bad-2", "code": "abc", "seat": "beijing"},
            "code: a code is 4 to 8",
        ),
        (
            {"type": "join", "id": "bad-2", "code": "ABCD", "seat": "moscow"},
            "seat: a seat is washington or beijing",
        ),
        ({"type": "chat", "id": "bad-2", "text": ""}, "text: empty"),
        (
            {"type": "chat", "id": "bad-2", "text": "hi", "team": "maybe"},
            'team: should be true or false, not "maybe"',
        ),
        (
            {"type": "create_room", "id": "bad-2", "scenario": "Intro!"},
            "scenario: an id is lower-case",
        ),
        (
            {"type": "resume", "id": "bad-2", "code": "ABCD", "token": "short"},
            "token: at least 10 characters, not 5",
        ),
        ({"type": "ping", "id": "bad-2", "please": True}, "please: not a field of this message"),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "   "}, "name: "),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "A\u0000da"}, "name: "),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "\u202eAda"}, "name: "),
        # Nothing visible: zero-width characters, a byte-order mark, letters drawn as nothing.
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "\u200b"}, "name: "),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "\ufeff\u2060"}, "name: "),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "\u3164"}, "name: "),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "\u2800 \u200d"}, "name: "),
        # Strict types: a number in a string, a boolean or a fraction is not a position.
        (_resume(since="5"), 'since: should be a whole number, not "5"'),
        (_resume(since=True), "since: should be a whole number, not true"),
        (_resume(since=2.5), "since: should be a whole number, not 2.5"),
        ({"type": "chat", "id": "bad-2", "text": 5}, "text: should be a text, not 5"),
        # What people read: no escape sequences (a terminal acts on them), nothing invisible.
        ({"type": "chat", "id": "bad-2", "text": "\x1b]0;PWNED\x07hi"}, "text: "),
        ({"type": "chat", "id": "bad-2", "text": "hi\u202eih"}, "text: "),
        ({"type": "chat", "id": "bad-2", "text": " \n\t "}, "text: "),
        ({"type": "chat", "id": "bad-2", "text": "\u200b\u200c\n\u3164"}, "text: "),
    ],
)
async def test_a_player_who_sends_wrong_or_missing_fields_is_told_bad_message(
    table: Table, message: dict[str, Any], where: str
) -> None:
    async with unchanged(table):
        error = await answer(table.washington, json.dumps(message))
        await still_up(table.washington)
    assert error.code == "bad_message"
    assert error.id == "bad-2"
    readable(error.message, where)
    # In the words of the message sent: the path in it, not pydantic's (whose labels are the
    # union's branches: `act.command.play.cards`), and no pydantic phrasing.
    assert error.message.startswith(where.split(":")[0] + ":"), error.message
    for pydantic_said in (
        "should match pattern",
        "Input should be",
        "Field required",
        "Value error",
    ):
        assert pydantic_said not in error.message, error.message


async def test_a_player_who_sends_an_unknown_command_is_told_unknown_command(
    table: Table,
) -> None:
    message = {"type": "act", "id": "bad-3", "command": {"type": "bogus"}}
    async with unchanged(table):
        error = await answer(table.washington, json.dumps(message))
        await still_up(table.washington)
    assert error.code == "unknown_command"
    assert error.id == "bad-3"
    readable(error.message, "unknown command type", "'bogus'")


@pytest.mark.parametrize("request_id", ["x" * 65, "\ud800"])
async def test_a_player_who_sends_an_unusable_request_id_is_told_bad_message(
    table: Table, request_id: str
) -> None:
    raw = await Raw.open(table.url)
    try:
        async with unchanged(table):
            await raw.send({"type": "ping", "id": request_id})
            error = await raw.error()
            await raw.ping()
    finally:
        await raw.close()
    assert error["code"] == "bad_message"
    assert error["id"] is None
    readable(error["message"], "id")


def test_a_room_code_is_made_of_the_characters_the_server_makes_codes_of() -> None:
    for character in string.ascii_uppercase + string.digits:
        for kind in (RoomCode, ClassCode):
            try:
                TypeAdapter(kind).validate_python(character * 6)
            except ValidationError:
                assert character not in CODE_ALPHABET, character
            else:
                assert character in CODE_ALPHABET, character


async def test_a_join_with_a_code_no_room_can_have_is_told_bad_message(table: Table) -> None:
    """A code with I, L, O (or 0, 1), which no room's code holds, is a malformed request with
    the field named, not a room that is not found (docs/protocol/05-joining.md)."""
    raw = await Raw.open(table.url)
    try:
        async with unchanged(table):
            for code in ("HOLE42", "K7QXIM"):
                await raw.send({"type": "join", "id": "j1", "code": code, "seat": "beijing"})
                error = await raw.error()
                assert (error["code"], error["id"]) == ("bad_message", "j1"), error
                readable(error["message"], "code:", "no I, L, O, 0 or 1", code)
            await raw.ping()
    finally:
        await raw.close()


async def test_a_player_who_sends_deeply_nested_json_is_told_bad_json(table: Table) -> None:
    raw = await Raw.open(table.url)
    try:
        async with unchanged(table):
            await raw.send("[" * 10_000)
            error = await raw.error()
            await raw.ping()
    finally:
        await raw.close()
    assert error["code"] == "bad_json"
    readable(error["message"], "JSON")


# ---------------------------------------------------------------- size, order, frames


async def test_a_player_who_sends_more_than_16_kib_is_told_too_large(table: Table) -> None:
    # A chat line that would be accepted but for the padding that takes it over the limit.
    text = json.dumps({"type": "chat", "text": "hello"}) + " " * MAX_MESSAGE_BYTES
    async with unchanged(table):
        error = await answer(table.washington, text)
        await still_up(table.washington)
    assert error.code == "too_large"
    readable(error.message, str(MAX_MESSAGE_BYTES), "bytes")


async def test_a_client_that_sends_more_than_1_mib_is_disconnected(table: Table) -> None:
    raw = await Raw.open(table.url)
    await raw.send({"type": "join", "code": table.code})
    assert (await raw.reply())["type"] == "joined"
    async with unchanged(table):
        await raw.send(json.dumps({"type": "ping"}) + " " * (1024 * 1024))
        assert await raw.closed_with() == 1009  # message too big
    await raw.close()


async def test_a_client_that_speaks_before_hello_is_told_hello_first(table: Table) -> None:
    raw = await Raw.open(table.url, hello=False)
    async with unchanged(table):
        await raw.send({"type": "ping", "id": "early"})
        first = await raw.error()
        await raw.send({"type": "join", "id": "early", "code": table.code, "seat": "beijing"})
        second = await raw.error()
        await raw.send(HELLO)
        assert (await raw.reply())["type"] == "welcome"
        await raw.ping()
    await raw.close()
    for error in (first, second):
        assert error["code"] == "hello_first"
        assert error["id"] == "early"
        readable(error["message"], "hello", "protocol_version")


async def test_a_client_that_speaks_another_protocol_is_told_protocol_version(
    table: Table,
) -> None:
    raw = await Raw.open(table.url, hello=False)
    async with unchanged(table):
        await raw.send({"type": "hello", "id": "v2", "protocol_version": PROTOCOL_VERSION + 1})
        error = await raw.error()
        await raw.send({"type": "ping", "id": "v2"})
        assert (await raw.error())["code"] == "hello_first"
        await raw.send(HELLO)
        assert (await raw.reply())["type"] == "welcome"
        await raw.ping()
    await raw.close()
    assert error["code"] == "protocol_version"
    assert error["id"] == "v2"
    readable(error["message"], f"protocol {PROTOCOL_VERSION}", str(PROTOCOL_VERSION + 1))


async def test_a_client_that_sends_a_binary_frame_is_told_binary(table: Table) -> None:
    raw = await Raw.open(table.url)
    async with unchanged(table):
        await raw.send(json.dumps({"type": "chat", "text": "hello"}).encode())
        error = await raw.error()
        await raw.ping()
    await raw.close()
    assert error["code"] == "binary"
    readable(error["message"], "JSON text")
