"""A rematch (docs/protocol/25-rematch.md): after a game one player offers it, the other accepts,
and both are seated in a new room playing the same scenario and settings; the finished room
stays as it was. Against a bot it starts at once."""

from __future__ import annotations

import asyncio

from clientkit import seated, until
from controlkit import control, teacher_headers
from faultkit import committed
from redis.asyncio import Redis
from rematchkit import both_play_out, hears, notices, play_to_the_end
from serverkit import Start

from client.connection import BrinkClient
from server.engine.commands import Check
from server.protocol import Joined, JoinRematch
from server.storage.store import Store


async def test_an_offer_accepted_seats_both_players_in_a_new_room_playing(
    server_url: str, redis_url: str, redis: Redis
) -> None:
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        room = await ada.create_room("intro", language="zh", timers=False)
        before = (await ada.join(room.code, "washington")).token
        await bo.join(room.code, "beijing")
        await both_play_out(ada, bo)
        outcome = ada.view["outcome"]

        await ada.rematch()
        offer = await hears(bo, "rematch_offered")
        assert (offer.seat, offer.name, offer.reason) == ("washington", "Ada", "same")
        await bo.rematch()
        made = await hears(ada, "rematch")
        assert made.room is not None and made.room != room.code
        joined = await asyncio.gather(ada.join_rematch(), bo.join_rematch())

        assert {j.code for j in joined} == {made.room}
        assert [j.seat for j in joined] == ["washington", "beijing"]
        assert [j.language for j in joined] == ["zh", "zh"] and ada.scenario == "intro"
        assert ada.token not in (None, before) and ada.token != bo.token
        assert ada.view["outcome"] is None and ada.view["to_act"] == "washington"
        assert ada.deadline is None, "no timers, as before"
        seen = bo.view["seq"]
        await ada.act(Check())
        await bo.wait_for(lambda view: view["seq"] > seen)  # the new game is on

    # The finished room stays as it was: its game, its record; no token in its log.
    log = await committed(redis_url, room.code)
    assert [e.notice.kind for e in log if e.notice and "rematch" in e.notice.kind] == [
        "rematch_offered",
        "rematch",
    ]
    text = "\n".join(entry.model_dump_json() for entry in log)
    assert all(token not in text for token in (ada.token, bo.token, before) if token)
    async with BrinkClient(server_url, "Watcher") as watcher:
        await watcher.join(room.code)
        assert watcher.view["outcome"] == outcome
    record = await Store(redis).games.record(room.code)
    assert record is not None and "rematch" not in record


async def test_the_sides_may_be_swapped_and_a_different_offer_is_a_counter_offer(
    server_url: str,
) -> None:
    ada, bo = await seated(server_url)
    try:
        await both_play_out(ada, bo)
        await ada.rematch()  # the same sides
        await hears(bo, "rematch_offered")
        await bo.rematch(swap=True)  # not what Ada offered: Bo offers swapped sides instead
        await until(lambda: len(notices(ada, "rematch_offered")) == 2)
        assert [n.reason for n in notices(ada, "rematch_offered")] == ["same", "swap"]
        assert notices(ada, "rematch") == []
        await ada.rematch(swap=True)  # accepts Bo's
        await asyncio.gather(ada.join_rematch(), bo.join_rematch())
        assert (ada.seat, bo.seat) == ("beijing", "washington")
        assert ada.code == bo.code
    finally:
        await ada.close()
        await bo.close()


async def test_swapped_sides_give_each_teammate_of_a_team_a_seat_of_their_own(
    server_url: str, redis_url: str
) -> None:
    # The shared rules' sides have no role of the same name: each role goes to the role in the
    # same place on the other side (president -> leader...), not all to the side's own seat.
    headers = await teacher_headers(server_url, redis_url)
    seats = [
        "washington:president",
        "washington:treasury",
        "beijing:leader",
        "beijing:commerce_ministry",
    ]
    players = [BrinkClient(server_url, name) for name in ("Pat", "Tom", "Lin", "Wei")]
    async with BrinkClient(server_url, "Ms Li", headers=headers) as teacher:
        try:
            room = await teacher.create_room("full_2025", timers=False)
            for player, seat in zip(players, seats, strict=True):
                await player.connect()
                await player.join(room.code, seat)
            await control(teacher, "end", room.code)
            await players[0].wait_for(lambda view: view["outcome"] is not None)
            await players[1].rematch(swap=True)
            await hears(players[3], "rematch_offered")
            await players[3].rematch(swap=True)
            joined = await asyncio.gather(*(player.join_rematch() for player in players))
        finally:
            for player in players:
                await player.close()
    assert [j.seat for j in joined] == [
        "beijing:leader",
        "beijing:vice_premier",
        "washington:president",
        "washington:commerce",
    ]


async def test_a_rematch_against_a_bot_starts_at_once_with_the_bot_seated_as_before(
    server_url: str,
) -> None:
    async with BrinkClient(server_url, "Li") as li:
        first = await li.play_bot(side="beijing", bot="hawk")
        await play_to_the_end(li)
        await li.rematch()  # nobody to ask
        joined = await li.join_rematch()
        assert joined.code != first.code and joined.seat == "beijing"
        assert li.rematch_room is None and li.entries[-1].n == li.n, "the new log alone"
        assert joined.seats["washington"] == "bot:hawk"
        assert li.view["outcome"] is None
        await play_to_the_end(li)  # the bot plays the new game too
        await li.rematch(swap=True)  # and a rematch of the rematch, the bot now Beijing
        again = await li.join_rematch()
        assert again.code not in (first.code, joined.code) and again.seat == "washington"
        assert again.seats["beijing"] == "bot:hawk"


async def test_a_second_tab_of_the_seat_comes_to_the_same_seat(servers: Start) -> None:
    first, second = await servers(), await servers()
    ada, bo = await seated(first)
    tab = BrinkClient(second, "Ada")
    try:
        await tab.connect()
        await tab.resume(ada.code or "", ada.token or "")
        await both_play_out(ada, bo)
        await bo.rematch()
        await hears(ada, "rematch_offered")
        await ada.rematch()
        joined = await asyncio.gather(ada.join_rematch(), tab.join_rematch(), bo.join_rematch())
        assert joined[0].token == joined[1].token and joined[0].seat == joined[1].seat
        assert len({j.code for j in joined}) == 1
    finally:
        for client in (ada, bo, tab):
            await client.close()


async def test_a_fresh_connection_moves_to_the_rematch_and_lets_the_old_room_go(
    servers: Start, redis: Redis
) -> None:
    first, second = await servers(), await servers()
    ada, bo = await seated(first)
    again = BrinkClient(second, "Bo")
    try:
        await both_play_out(ada, bo)
        await ada.rematch()
        await hears(bo, "rematch_offered")
        await bo.rematch()
        code, token = bo.code or "", bo.token or ""
        await bo.close()  # Bo's page is closed, and opened again on another process
        await again.connect()
        moved = await again.request(JoinRematch(code=code, token=token))
        assert isinstance(moved, Joined) and moved.seat == "beijing" and moved.code != code
        await ada.join_rematch()
        # Nobody is at the finished room any more: no process holds it (the second one loaded
        # it for the move only).
        async with asyncio.timeout(10):
            while await redis.hget(Store.key(code), "holders"):
                await asyncio.sleep(0.02)
    finally:
        for client in (ada, bo, again):
            await client.close()
