"""Seats, spectators, the instructor, chat, reconnection, quick match and bots."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest
from clientkit import until

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check, PassTalks


async def seated(url: str, scenario: str = "intro") -> tuple[BrinkClient, BrinkClient, str]:
    washington, beijing = BrinkClient(url, "Ada"), BrinkClient(url, "Bo")
    await washington.connect()
    await beijing.connect()
    room = await washington.create_room(scenario, timers=False)
    await washington.join(room.code, "washington")
    await beijing.join(room.code, "beijing")
    return washington, beijing, room.code


def to_act(washington: BrinkClient, beijing: BrinkClient) -> BrinkClient:
    side = washington.view["to_act"]
    return washington if side == "washington" else beijing


async def test_a_spectator_sees_the_table_but_no_hand(server_url: str) -> None:
    washington, beijing, code = await seated(server_url)
    async with BrinkClient(server_url) as spectator:
        joined = await spectator.join(code)
        assert joined.role == "spectator"
        assert joined.token is None
        for side in ("washington", "beijing"):
            assert spectator.view["sides"][side]["hand"] is None
            assert spectator.view["sides"][side]["private"] is None
        assert spectator.view["public"] == washington.view["public"]
        with pytest.raises(ServerError) as refused:
            await spectator.act(Check())
        assert refused.value.code == "no_seat"
    await washington.close()
    await beijing.close()


async def test_the_instructor_with_the_key_sees_both_hands(server_url: str) -> None:
    async with BrinkClient(server_url) as teacher:
        room = await teacher.create_room("intro", timers=False)
        joined = await teacher.join(room.code, instructor_key=room.instructor_key)
        assert joined.role == "instructor"
        assert teacher.view["sides"]["washington"]["hand"] is not None
        assert teacher.view["sides"]["beijing"]["hand"] is not None
        assert any(entry.command is not None for entry in joined.entries)


async def test_a_seat_holder_cannot_act_for_the_other_side(server_url: str) -> None:
    washington, beijing, _ = await seated(server_url)
    waiting = beijing if to_act(washington, beijing) is washington else washington
    with pytest.raises(ServerError) as refused:
        await waiting.act(Check())
    assert refused.value.code == "not_your_turn"
    await washington.close()
    await beijing.close()


async def test_a_dropped_player_resumes_with_its_token_and_gets_what_it_missed(
    server_url: str,
) -> None:
    washington, beijing, _ = await seated(server_url)
    mover = to_act(washington, beijing)
    other = beijing if mover is washington else washington
    await other.drop()
    await mover.act(Check())
    missed_from = other.n
    joined = await other.reconnect()
    assert joined.n == mover.n
    assert joined.entries
    assert all(entry.n > missed_from for entry in joined.entries)
    assert all(entry.command is None for entry in joined.entries), "commands are instructor-only"
    assert next(e.event.type for e in joined.entries if e.event) == "checked"
    assert other.view["to_act"] == other.seat
    await other.act(Check())

    def away_then_back() -> bool:
        statuses = [p.status for p in mover.presence if p.seat == other.seat]
        return "away" in statuses and "here" in statuses[statuses.index("away") :]

    # the mover hears of the other side away and back on its own socket: waited for, not
    # assumed to have come by the time the other's reply did
    await until(away_then_back)
    await washington.close()
    await beijing.close()


async def test_room_chat_reaches_everyone_and_team_chat_only_the_team(server_url: str) -> None:
    washington, beijing, code = await seated(server_url)
    async with BrinkClient(server_url) as spectator:
        await spectator.join(code)
        await washington.chat("Shall we talk?")
        await washington.chat("Hold the 100% threat back", team=True)
        await beijing.chat("Later.")

        def said(client: BrinkClient) -> list[str]:
            return [entry.chat.text for entry in client.entries if entry.chat]

        def said_later(client: BrinkClient) -> bool:
            return "Later." in said(client)

        # Each has had Beijing's line, the last said: whatever reached them came before it (a
        # fixed 0.2 s wait missed it on a loaded machine).
        for client in (washington, beijing, spectator):
            await until(partial(said_later, client))
        assert said(washington) == ["Shall we talk?", "Hold the 100% threat back", "Later."]
        assert said(beijing) == ["Shall we talk?", "Later."]
        assert said(spectator) == ["Shall we talk?", "Later."]
    await washington.close()
    await beijing.close()


async def test_quick_match_pairs_two_players_on_opposite_sides(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as first, BrinkClient(server_url, "Bo") as second:
        waiting = asyncio.create_task(first.quick_match("intro"))
        await asyncio.sleep(0.2)
        joined = await second.quick_match("intro")
        other = await waiting
        assert joined.code == other.code
        assert {joined.seat, other.seat} == {"washington", "beijing"}
        assert first.token and second.token and first.token != second.token


async def test_a_player_plays_a_whole_game_against_a_server_bot(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as player:
        joined = await player.play_bot(scenario="intro", side="beijing", bot="hawk")
        assert joined.seats["washington"] == "bot:hawk"
        for _ in range(200):
            view = player.view
            if view["outcome"]:
                break
            if view["to_act"] == "beijing":
                await player.act(Check() if not view["facing"] else _call())
            elif view["phase_kind"] == "talks" and "beijing" not in view["passed"]:
                await player.act(PassTalks())
            else:
                await player.next_update(timeout=5)
        assert player.view["outcome"] is not None


def _call() -> Check:
    from server.engine.commands import Call

    return Call()  # type: ignore[return-value]
