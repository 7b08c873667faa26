"""Rematch requests at the same moment make one rematch (docs/protocol/25-rematch.md): two
players of a team accepting the offer together, on two server processes; two tabs of one seat
asking for a rematch against a bot together. The acceptance is claimed in Redis before a room is
made, and the request that waited for the claim is answered with the rematch its twin made."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from controlkit import control, teacher_headers
from redis.asyncio import Redis
from rematchkit import hears, play_to_the_end
from serverkit import Start

from client.connection import BrinkClient
from client.errors import ServerError
from server.protocol import Accepted
from server.storage.store import Store


async def asked_together(*asks: Awaitable[Accepted]) -> int:
    """Send rematch requests together; return the position of the one rematch they made.

    The request that waited for the other's claim is answered with that rematch (`duplicate`).
    Sent together is not at once on a loaded machine: a request that reaches the server after
    the rematch is made is refused `rematch_made`, as any later one is. Either way exactly one
    request made it."""
    answers = await asyncio.gather(*asks, return_exceptions=True)
    makers = [a for a in answers if isinstance(a, Accepted) and not a.duplicate]
    assert len(makers) == 1, answers
    for answer in answers:
        if isinstance(answer, Accepted):
            assert answer.n == makers[0].n, answers
        else:
            assert isinstance(answer, ServerError) and answer.code == "rematch_made", answers
    return makers[0].n


async def rematches_of(redis: Redis, code: str) -> list[str]:
    """The rooms in Redis made as rematches of room `code` (their meta's `rematch`)."""
    found = []
    async for key in redis.scan_iter(match="brink:room:{*}", count=1000):
        name = key.decode() if isinstance(key, bytes) else key
        made = await redis.hget(name, "rematch")
        if made in (code, code.encode()):
            found.append(name)
    return found


async def test_two_teammates_accepting_at_once_make_one_rematch(
    servers: Start, redis_url: str, redis: Redis
) -> None:
    first, second = await servers(), await servers()
    headers = await teacher_headers(first, redis_url)
    seats = [
        "washington:president",
        "washington:treasury",
        "beijing:leader",
        "beijing:vice_premier",
    ]
    urls = [first, second, first, second]
    names = ("Pat", "Tom", "Lin", "Wei")
    players = [BrinkClient(url, name) for url, name in zip(urls, names, strict=True)]
    async with BrinkClient(first, "Ms Li", headers=headers) as teacher:
        try:
            room = await teacher.create_room("full_2025", timers=False)
            for player, seat in zip(players, seats, strict=True):
                await player.connect()
                await player.join(room.code, seat)
            await control(teacher, "end", room.code)
            for player in players:
                await player.wait_for(lambda view: view["outcome"] is not None)
            await players[0].rematch()
            await asyncio.gather(
                hears(players[2], "rematch_offered"), hears(players[3], "rematch_offered")
            )
            # Lin (first process) and Wei (second) accept at the same moment: both are answered.
            await asked_together(players[2].rematch(), players[3].rematch())
            made = {player.rematch_room for player in players[2:]}
            assert len(made) == 1 and None not in made
            assert await rematches_of(redis, room.code) == [Store.key(made.pop() or "")]
            joined = await asyncio.gather(*(player.join_rematch() for player in players))
            assert len({j.code for j in joined}) == 1
        finally:
            for player in players:
                await player.close()


async def test_two_tabs_asking_for_a_rematch_against_a_bot_at_once_make_one(
    server_url: str, redis: Redis
) -> None:
    async with BrinkClient(server_url, "Li") as li, BrinkClient(server_url, "Li") as tab:
        first = await li.play_bot(side="beijing", bot="hawk")
        await tab.resume(first.code, li.token or "")
        await play_to_the_end(li)
        await tab.wait_for(lambda view: view["outcome"] is not None)
        await asked_together(li.rematch(), tab.rematch())
        made = await rematches_of(redis, first.code)
        assert len(made) == 1
        joined = await asyncio.gather(li.join_rematch(), tab.join_rematch())
        assert Store.key(joined[0].code) == made[0] == Store.key(joined[1].code)
        assert joined[0].seat == joined[1].seat == "beijing"


async def test_six_tabs_of_one_seat_joining_its_rematch_at_once_all_sit_in_it(
    server_url: str,
) -> None:
    """Each tab reads whether its token sits in the new room, then whether the seat is taken: a
    twin claiming it between the two reads is the same seat's, and the tab sits with it."""
    tabs = [BrinkClient(server_url, "Li") for _ in range(6)]
    try:
        for tab in tabs:
            await tab.connect()
        li = tabs[0]
        first = await li.play_bot(side="washington", bot="dove")
        for tab in tabs[1:]:
            await tab.resume(first.code, li.token or "")
        await play_to_the_end(li)
        await li.rematch()
        for tab in tabs:
            await tab.wait_for(lambda view: view["outcome"] is not None)
        for _ in range(3):  # a fresh rematch each time: the race is a few microseconds wide
            joined = await asyncio.gather(*(tab.join_rematch() for tab in tabs))
            assert len({j.code for j in joined}) == 1 and {j.seat for j in joined} == {"washington"}
            await play_to_the_end(li)
            await li.rematch()
            for tab in tabs:
                await tab.wait_for(lambda view: view["outcome"] is not None)
    finally:
        for tab in tabs:
            await tab.close()
