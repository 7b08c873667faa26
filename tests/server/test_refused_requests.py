"""Bad input (see test_bad_input.py): game commands the engine refuses, room requests the
server refuses, and pages from other sites refused a socket. Each refusal is an `error`
with a stable code and a readable message, and the room does not move."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import Any

import pytest
import websockets
from refusalkit import HELLO, Table, readable, refused, still_up, unchanged
from serverkit import Start
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from client.connection import BrinkClient, ServerError
from server.engine.commands import Bluff, Check, Command, PlayCards
from server.protocol import Resume
from server.ruleset.loader import load_ruleset
from server.settings import ROOT

pytestmark = pytest.mark.usefixtures("scenarios_loaded_once")


INTRO = load_ruleset(ROOT / "rules" / "intro.yaml")


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


async def test_a_stranger_cannot_queue_or_play_a_bot_for_an_unknown_scenario(table: Table) -> None:
    # as create_room, the refusal names the scenarios there are (quick_match's did not)
    async with unchanged(table):
        for asking in ("quick_match", "play_bot"):
            async with BrinkClient(table.url) as stranger:
                request = getattr(stranger, asking)(scenario="atlantis")
                refusal = await refused_request(stranger, request)
            assert refusal.code == "unknown_scenario"
            readable(refusal.message, "atlantis", "known: classroom, full_2025, intro")


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
