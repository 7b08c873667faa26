"""Which seat `brink play --room CODE` (and `brink bot`) takes when no `--seat` is given. It took
`washington` while Washington's team roles were held and Beijing was empty: the newcomer sat on
the side already played, and nobody played Beijing."""

from __future__ import annotations

import subprocess

from clientkit import Screen, brink

from client.bot import take_seat
from client.connection import BrinkClient


async def holding(url: str, code: str, *seats: str) -> list[BrinkClient]:
    """One connected client holding each of `seats` in room `code` (the caller closes them)."""
    clients = []
    for seat in seats:
        client = BrinkClient(url, seat.replace(":", " "))
        await client.connect()
        await client.join(code, seat)
        clients.append(client)
    return clients


async def test_brink_play_sits_a_newcomer_on_the_side_nobody_plays(server_url: str) -> None:
    async with BrinkClient(server_url, "Cy") as maker:
        code = (await maker.create_room("classroom", timers=False)).code
        await maker.join(code, "washington:president")
        others = await holding(server_url, code, "washington:treasury", "washington:commerce")
        try:
            args = ("play", "--url", server_url, "--room", code, "--name", "Ada")
            screen = Screen(await brink(*args, stdin=subprocess.PIPE))
            await screen.wait(f"You are Beijing in room {code}")
            assert await screen.quit() == 0
        finally:
            for client in others:
                await client.close()


async def test_a_side_nobody_holds_comes_first_then_the_side_fewest_play(server_url: str) -> None:
    async with BrinkClient(server_url, "Cy") as maker:
        code = (await maker.create_room("classroom", timers=False)).code
        await maker.join(code, "washington:treasury")
        first, second = BrinkClient(server_url, "first"), BrinkClient(server_url, "second")
        clients = [first, second]
        try:
            # Washington is played by its Treasury: the first newcomer takes Beijing
            await first.connect()
            assert (await take_seat(first, code, None)).seat == "beijing"
            # both sides played, Washington by one seat, Beijing by three: Washington's own seat
            clients += await holding(server_url, code, "beijing:leader", "beijing:vice_premier")
            await second.connect()
            assert (await take_seat(second, code, None)).seat == "washington"
        finally:
            for client in clients:
                await client.close()


async def test_the_other_side_s_own_seat_when_one_side_seat_is_held(server_url: str) -> None:
    # Washington's own seat held, Beijing's roles held but its own seat free: Beijing's.
    async with BrinkClient(server_url, "Cy") as maker:
        code = (await maker.create_room("classroom", timers=False)).code
        await maker.join(code, "washington")
        others = await holding(server_url, code, "beijing:leader", "beijing:vice_premier")
        try:
            async with BrinkClient(server_url, "Ada") as ada:
                assert (await take_seat(ada, code, None)).seat == "beijing"
        finally:
            for client in others:
                await client.close()
