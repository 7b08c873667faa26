"""Bad input: every refused message gets an `error` with a stable code and changes nothing.

Each test sends one kind of bad input to a real server next to a room in play and checks that
the answer is an `error` with the exact code and a message a person can read, that the
connection is still up afterwards (a `ping` gets its `pong`) unless the input was abusive, and
that the room did not move: its log position and seats in Redis, and every seated client's and
a spectator's position and view, are as they were.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import websockets
from redis.asyncio import Redis
from serverkit import Start
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin

import server.web.app
from client.connection import BrinkClient, ServerError
from server.engine.commands import Bluff, Check, Command, PlayCards
from server.live.loading import load_scenarios
from server.protocol import MAX_MESSAGE_BYTES, PROTOCOL_VERSION, Error, Ping, Pong, Resume
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.settings import ROOT
from server.storage.store import Store

INTRO = load_ruleset(ROOT / "rules" / "intro.yaml")
HELLO = json.dumps({"type": "hello", "protocol_version": PROTOCOL_VERSION})
SCENARIOS: dict[Path, dict[str, Ruleset]] = {}


@pytest.fixture(autouse=True)
def scenarios_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start this module's many servers faster: check the rule files once, not per server."""

    def load(rules_dir: Path) -> dict[str, Ruleset]:
        if rules_dir not in SCENARIOS:
            SCENARIOS[rules_dir] = load_scenarios(rules_dir)
        return SCENARIOS[rules_dir]

    monkeypatch.setattr(server.web.app, "load_scenarios", load)


# ---------------------------------------------------------------- a bare socket


class Raw:
    """A bare websocket to the server, for what BrinkClient would never send."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    @classmethod
    async def open(cls, url: str, *, hello: bool = True) -> Raw:
        raw = cls(await websockets.connect(url, max_size=2**22))
        if hello:
            await raw.send(HELLO)
            assert (await raw.reply())["type"] == "welcome"
        return raw

    async def send(self, data: str | bytes | dict[str, Any]) -> None:
        await self.socket.send(json.dumps(data) if isinstance(data, dict) else data)

    async def reply(self, timeout: float = 5) -> dict[str, Any]:
        """Return the next message that answers a request (not an update or presence)."""
        async with asyncio.timeout(timeout):
            while True:
                message: dict[str, Any] = json.loads(await self.socket.recv())
                if message["type"] not in ("update", "presence"):
                    return message

    async def error(self, timeout: float = 5) -> dict[str, Any]:
        message = await self.reply(timeout)
        assert message["type"] == "error", message
        return message

    async def ping(self) -> None:
        """Check the connection is up: a ping gets its pong."""
        await self.send({"type": "ping", "id": "still-there"})
        assert await self.reply() == {"type": "pong", "id": "still-there"}

    async def closed_with(self, timeout: float = 5) -> int:
        """Wait for the server to close the connection; return the close code it sent."""

        async def drain() -> None:
            async with asyncio.timeout(timeout):
                while True:
                    await self.socket.recv()

        with pytest.raises(ConnectionClosed) as closed:
            await drain()
        assert closed.value.rcvd is not None, "the server did not send a close frame"
        return closed.value.rcvd.code

    async def close(self) -> None:
        await self.socket.close()


# ---------------------------------------------------------------- a room in play


@dataclass
class Table:
    """A room in its first betting turn: two seated players and a spectator watching."""

    url: str
    code: str
    instructor_key: str
    washington: BrinkClient
    beijing: BrinkClient
    watcher: BrinkClient
    store: Store

    @property
    def clients(self) -> list[BrinkClient]:
        return [self.washington, self.beijing, self.watcher]

    async def settle(self) -> None:
        """Ping every client, so whatever the server sent them before has arrived."""
        for client in self.clients:
            assert isinstance(await client.request(Ping()), Pong)

    async def state(self) -> dict[str, Any]:
        """Return everything a refused message must leave as it was."""
        await self.settle()
        assert await self.store.meta(self.code) is not None
        return {
            "n": await self.store.position(self.code),
            "log": await self.store.redis.xlen(Store.key(self.code, "log")),
            "seats": await self.store.seats(self.code),
            "positions": [client.n for client in self.clients],
            "views": [client.view for client in self.clients],
        }


@pytest.fixture
async def table(server_url: str, redis_url: str) -> AsyncIterator[Table]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    washington = BrinkClient(server_url, "Ada")
    beijing = BrinkClient(server_url, "Bo")
    watcher = BrinkClient(server_url, "Watcher")
    for client in (washington, beijing, watcher):
        await client.connect()
    room = await washington.create_room("intro", timers=False)
    await washington.join(room.code, "washington")
    await beijing.join(room.code, "beijing")
    await watcher.join(room.code)
    found = Table(
        server_url, room.code, room.instructor_key, washington, beijing, watcher, Store(redis)
    )
    await found.settle()
    assert washington.view["to_act"] == "washington"
    yield found
    for client in found.clients:
        await client.close()
    await redis.aclose()


@asynccontextmanager
async def unchanged(table: Table) -> AsyncIterator[None]:
    """Check that nothing inside the block moves the room."""
    before = await table.state()
    yield
    after = await table.state()
    assert after == before, "a refused message changed the room"


async def answer(client: BrinkClient, text: str) -> Error:
    """Send `text` as it is and return the error the server answers with."""
    client.last_error = None
    await client.send_raw(text)
    async with asyncio.timeout(5):
        while client.last_error is None:
            await asyncio.sleep(0.005)
    error = client.last_error
    assert error is not None
    return error


async def refused(client: BrinkClient, command: Command) -> ServerError:
    """Send a game command the engine must refuse; return the refusal."""
    with pytest.raises(ServerError) as caught:
        await client.act(command)
    return caught.value


async def still_up(client: BrinkClient) -> None:
    assert isinstance(await client.request(Ping()), Pong)


def readable(message: str, *fragments: str) -> None:
    """Check an error message is a sentence for people that names what was wrong."""
    assert 8 <= len(message) <= 300, message
    assert "Traceback" not in message and "pydantic" not in message.lower(), message
    for fragment in fragments:
        assert fragment.lower() in message.lower(), f"{fragment!r} not in {message!r}"


# ---------------------------------------------------------------- malformed messages


@pytest.mark.parametrize("text", ["{not json", '{"type": "ping"', "", "{'type': 'ping'}"])
async def test_a_player_who_sends_malformed_json_is_told_bad_json(table: Table, text: str) -> None:
    async with unchanged(table):
        error = await answer(table.washington, text)
        await still_up(table.washington)
    assert error.code == "bad_json"
    readable(error.message, "not JSON", "character")


@pytest.mark.parametrize("text", ["[]", '[{"type": "ping"}]', "42", "null", '"ping"', "true"])
async def test_a_player_who_sends_json_that_is_not_an_object_is_told_bad_message(
    table: Table, text: str
) -> None:
    async with unchanged(table):
        error = await answer(table.washington, text)
        await still_up(table.washington)
    assert error.code == "bad_message"
    readable(error.message, "dictionary or object")


@pytest.mark.parametrize(
    ("message", "named"),
    [
        ({"type": "fly", "id": "bad-1"}, "'fly'"),
        ({"type": "PING", "id": "bad-1"}, "'PING'"),
        ({"id": "bad-1"}, "None"),
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


def _resume(since: object) -> dict[str, object]:
    return {"type": "resume", "id": "bad-2", "code": "ABCD", "token": "t" * 24, "since": since}


@pytest.mark.parametrize(
    ("message", "where"),
    [
        ({"type": "act", "id": "bad-2", "command": {"type": "play"}}, "act.command.play.cards"),
        ({"type": "act", "id": "bad-2", "command": {"type": "play", "cards": []}}, "cards"),
        ({"type": "act", "id": "bad-2"}, "act.command"),
        ({"type": "act", "id": "bad-2", "command": {"type": "check", "x": 1}}, "check.x"),
        ({"type": "join", "id": "bad-2", "code": "abc", "seat": "beijing"}, "join.code"),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "seat": "moscow"}, "join.seat"),
        ({"type": "chat", "id": "bad-2", "text": ""}, "chat.text"),
        ({"type": "chat", "id": "bad-2", "text": "hi", "team": "maybe"}, "chat.team"),
        ({"type": "create_room", "id": "bad-2", "scenario": "Intro!"}, "create_room.scenario"),
        ({"type": "resume", "id": "bad-2", "code": "ABCD", "token": "short"}, "resume.token"),
        ({"type": "ping", "id": "bad-2", "please": True}, "ping.please"),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "   "}, "join.name"),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "A\u0000da"}, "join.name"),
        ({"type": "join", "id": "bad-2", "code": "ABCD", "name": "\u202eAda"}, "join.name"),
        # Strict types: a number in a string, a boolean or a fraction is not a position.
        (_resume(since="5"), "resume.since"),
        (_resume(since=True), "resume.since"),
        (_resume(since=2.5), "resume.since"),
        ({"type": "chat", "id": "bad-2", "text": 5}, "chat.text"),
        # What people read: no escape sequences (a terminal acts on them), nothing invisible.
        ({"type": "chat", "id": "bad-2", "text": "\x1b]0;PWNED\x07hi"}, "chat.text"),
        ({"type": "chat", "id": "bad-2", "text": "hi\u202eih"}, "chat.text"),
        ({"type": "chat", "id": "bad-2", "text": " \n\t "}, "chat.text"),
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


# ---------------------------------------------------------------- refused game commands


async def test_beijing_cannot_act_out_of_turn(table: Table) -> None:
    async with unchanged(table):
        refusal = await refused(table.beijing, Check())
        await still_up(table.beijing)
    assert refusal.code == "not_your_turn"
    readable(refusal.message, "washington's turn")


async def raise_stake(player: BrinkClient, side: str) -> int:
    """Raise with the first card the rules allow now; return the log position after it."""
    hand: list[str] = player.view["sides"][side]["hand"]
    commands: list[Command] = [PlayCards(cards=[card]) for card in hand]
    commands += [Bluff(card=card) for card in hand]
    for command in commands:
        try:
            return (await player.act(command)).n
        except ServerError:
            continue
    raise AssertionError(f"{side} could not raise with {hand}")


async def test_beijing_cannot_check_when_facing_a_raise(table: Table) -> None:
    await raise_stake(table.washington, "washington")
    assert (await table.state())["views"][1]["facing"] is True
    async with unchanged(table):
        refusal = await refused(table.beijing, Check())
        await still_up(table.beijing)
    assert refusal.code == "must_answer"
    readable(refusal.message, "raise", "call")


async def test_washington_cannot_play_a_card_it_does_not_hold(table: Table) -> None:
    hand = table.washington.view["sides"]["washington"]["hand"]
    elsewhere = sorted(set(INTRO.scenario.decks.washington) - set(hand))
    assert elsewhere, "the whole deck is in hand"
    async with unchanged(table):
        refusal = await refused(table.washington, PlayCards(cards=[elsewhere[0]]))
        await still_up(table.washington)
    assert refusal.code == "card_not_in_hand"
    readable(refusal.message, elsewhere[0], "not in your hand")


async def test_washington_cannot_bluff_with_a_card_that_does_not_exist(table: Table) -> None:
    async with unchanged(table):
        played = await refused(table.washington, PlayCards(cards=["us_death_star"]))
        bluffed = await refused(table.washington, Bluff(card="us_death_star"))
        await still_up(table.washington)
    for refusal in (played, bluffed):
        assert refusal.code == "unknown_card"
        readable(refusal.message, "no card", "us_death_star")


async def test_a_spectator_cannot_act(table: Table) -> None:
    async with unchanged(table), BrinkClient(table.url) as stranger:
        by_watcher = await refused(table.watcher, Check())
        by_stranger = await refused(stranger, Check())
        await still_up(table.watcher)
        await still_up(stranger)
    for refusal in (by_watcher, by_stranger):
        assert refusal.code == "no_seat"
        readable(refusal.message, "join a seat")


# ---------------------------------------------------------------- refused room requests


async def refused_request(client: BrinkClient, coroutine: Awaitable[Any]) -> ServerError:
    with pytest.raises(ServerError) as caught:
        await coroutine
    await still_up(client)
    return caught.value


async def test_a_stranger_cannot_resume_a_seat_with_a_wrong_token(table: Table) -> None:
    async with unchanged(table), BrinkClient(table.url) as stranger:
        wrong = Resume(code=table.code, token="not-the-token-at-all")
        refusal = await refused_request(stranger, stranger.request(wrong))
        assert stranger.seat is None
        with pytest.raises(ServerError) as still_no_seat:
            await stranger.act(Check())
        assert still_no_seat.value.code == "no_seat"
    assert refusal.code == "bad_token"
    readable(refusal.message, "token")


async def test_a_stranger_cannot_take_washingtons_seat(table: Table) -> None:
    async with unchanged(table), BrinkClient(table.url) as stranger:
        refusal = await refused_request(stranger, stranger.join(table.code, "washington"))
        # Refused, the connection sits nowhere: it may still watch the game.
        await stranger.join(table.code)
        assert stranger.seat == "spectator"
    assert refusal.code == "seat_taken"
    readable(refusal.message, "washington", "taken")


async def test_a_stranger_cannot_join_as_instructor_with_a_wrong_key(table: Table) -> None:
    wrong = table.instructor_key[::-1]
    async with unchanged(table), BrinkClient(table.url) as stranger:
        refusal = await refused_request(stranger, stranger.join(table.code, instructor_key=wrong))
        with pytest.raises(ServerError) as no_room:
            await stranger.chat("I am the teacher")
        assert no_room.value.code == "no_seat"
    assert refusal.code == "bad_key"
    readable(refusal.message, "instructor key")


async def test_a_teacher_cannot_create_a_room_for_an_unknown_scenario(table: Table) -> None:
    redis = table.store.redis
    async with unchanged(table), BrinkClient(table.url) as teacher:
        rooms = sorted(await redis.keys("brink:room:*"))
        refusal = await refused_request(teacher, teacher.create_room("atlantis"))
        assert sorted(await redis.keys("brink:room:*")) == rooms
    assert refusal.code == "unknown_scenario"
    readable(refusal.message, "atlantis", "intro")


async def test_a_stranger_cannot_join_a_room_that_does_not_exist(table: Table) -> None:
    missing = "ZZZZ" if table.code != "ZZZZ" else "YYYY"
    async with unchanged(table), BrinkClient(table.url) as stranger:
        refusal = await refused_request(stranger, stranger.join(missing, "beijing"))
    assert refusal.code == "room_not_found"
    readable(refusal.message, missing)


async def test_beijing_cannot_join_again_on_the_same_connection(table: Table) -> None:
    async with unchanged(table):
        refusal = await refused_request(table.beijing, table.beijing.join(table.code))
    assert refusal.code == "already_joined"
    readable(refusal.message, "already")


async def test_a_stranger_cannot_take_a_role_the_side_does_not_have(table: Table) -> None:
    async with unchanged(table), BrinkClient(table.url) as stranger:
        seat = "beijing:admiral"
        refusal = await refused_request(stranger, stranger.join(table.code, seat))
    assert refusal.code == "unknown_role"
    readable(refusal.message, "admiral")


async def test_a_teacher_cannot_seat_a_bot_that_does_not_exist(table: Table) -> None:
    async with unchanged(table), BrinkClient(table.url) as teacher:
        creating = teacher.create_room("intro", bots={"beijing": "skynet"})
        refusal = await refused_request(teacher, creating)
    assert refusal.code == "unknown_bot"
    readable(refusal.message, "skynet")


# ---------------------------------------------------------------- floods


async def test_a_player_who_floods_is_told_rate_limited_and_stays_connected(
    table: Table, servers: Start
) -> None:
    url = await servers(rate_per_second=5.0, rate_burst=5, abuse_limit=1000)
    raw = await Raw.open(url)
    await raw.send({"type": "join", "code": table.code, "instructor_key": table.instructor_key})
    assert (await raw.reply())["type"] == "joined"
    await asyncio.sleep(0.5)  # the bucket is full again
    before = await table.state()
    flood = 20
    for number in range(flood):
        await raw.send({"type": "chat", "id": f"chat-{number}", "text": f"line {number}"})
    replies = [await raw.reply() for _ in range(flood)]
    accepted = [reply for reply in replies if reply["type"] == "accepted"]
    limited = [reply for reply in replies if reply.get("code") == "rate_limited"]
    assert len(accepted) + len(limited) == flood, replies
    assert 1 <= len(accepted) <= 7
    for error in limited:
        readable(error["message"], "too many messages")
    await asyncio.sleep(0.3)
    await raw.ping()
    after = await table.state()
    assert after["n"] == before["n"] + len(accepted), "a rate-limited chat line was kept"
    await table.watcher.wait_for(lambda _: table.watcher.n == after["n"])
    await raw.close()


async def test_a_client_that_keeps_flooding_is_disconnected_as_abusive(
    table: Table, servers: Start
) -> None:
    abuse_limit = 5
    url = await servers(rate_per_second=1.0, rate_burst=2, abuse_limit=abuse_limit)
    raw = await Raw.open(url)
    await raw.send({"type": "join", "code": table.code})
    assert (await raw.reply())["type"] == "joined"
    codes: list[str] = []
    close = None
    async with unchanged(table):
        try:
            for number in range(60):
                await raw.send({"type": "chat", "id": f"chat-{number}", "text": "spam"})
            async with asyncio.timeout(5):
                while True:
                    reply = await raw.reply()
                    codes.append(reply.get("code", reply["type"]))
        except ConnectionClosed as closed:
            close = closed.rcvd
    assert close is not None, "the server did not close the connection"
    assert (close.code, close.reason) == (1008, "too many messages")
    assert codes.count("rate_limited") <= abuse_limit + 1
    assert set(codes) <= {"rate_limited", "no_seat"}, codes
    await raw.close()


async def test_a_client_that_keeps_flooding_binary_frames_is_disconnected_as_abusive(
    table: Table, servers: Start
) -> None:
    abuse_limit = 5
    url = await servers(rate_per_second=1.0, rate_burst=2, abuse_limit=abuse_limit)
    raw = await Raw.open(url)
    codes: list[str] = []
    close = None
    async with unchanged(table):
        try:
            for _ in range(60):
                await raw.send(b"\x00")
            async with asyncio.timeout(5):
                while True:
                    codes.append((await raw.error())["code"])
        except ConnectionClosed as closed:
            close = closed.rcvd
    assert close is not None, "the server did not close the connection"
    assert (close.code, close.reason) == (1008, "too many messages")
    assert set(codes) <= {"binary", "rate_limited"}, codes
    await raw.close()


async def test_a_client_that_floods_binary_frames_is_told_rate_limited(
    table: Table, servers: Start
) -> None:
    url = await servers(rate_per_second=2.0, rate_burst=3, abuse_limit=1000)
    raw = await Raw.open(url)
    flood = 10
    codes: list[str] = []
    async with unchanged(table):
        for _ in range(flood):
            await raw.send(b"\x00")
        with contextlib.suppress(TimeoutError):
            while len(codes) < flood:
                codes.append((await raw.error(timeout=1))["code"])
        await asyncio.sleep(0.6)
        await raw.ping()
    await raw.close()
    assert "binary" in codes
    assert len(codes) == flood, f"{flood} frames sent, {len(codes)} answered: {codes}"
    assert "rate_limited" in codes


# ---------------------------------------------------------------- the Origin check


async def handshake(url: str, origin: str | None) -> None:
    """Open a socket with `origin` (None: send no Origin header) and say hello."""
    async with websockets.connect(url, origin=Origin(origin) if origin else None) as socket:
        await socket.send(HELLO)
        assert json.loads(await socket.recv())["type"] == "welcome"


async def test_a_page_from_another_site_cannot_open_a_socket(table: Table) -> None:
    async with unchanged(table):
        for origin in ("http://evil.example", "null", "http://127.0.0.1:1"):
            with pytest.raises(InvalidStatus) as refusal:
                await handshake(table.url, origin)
            assert refusal.value.response.status_code == 403
            assert b"origin not allowed" in refusal.value.response.body


async def test_clients_without_origin_from_the_servers_host_or_allowed_origins_connect(
    table: Table, servers: Start
) -> None:
    url = await servers(allowed_origins=["https://class.example"])
    own = "http://" + url.removeprefix("ws://").split("/", 1)[0]
    for origin in (None, own, "https://class.example"):
        await handshake(url, origin)
    with pytest.raises(InvalidStatus) as refusal:
        await handshake(url, "http://evil.example")
    assert refusal.value.response.status_code == 403
