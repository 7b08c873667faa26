"""`brink play` says a player is back only after it said they were away. The opponent's second
connection to their seat (a second tab; a quick-match player whose socket moves to the room's
worker as the game starts) is sent as `here`, and the terminal told a stranger "Bo (Beijing):
back" at the very start of the game, though Bo had never gone; and Bo, away and come back with the
whole log (as `brink play --token` asks), was told as having "joined" mid-game."""

from __future__ import annotations

import subprocess

from clientkit import Screen, brink

from client.connection import BrinkClient


async def test_a_second_connection_to_a_seat_is_not_told_as_a_return(server_url: str) -> None:
    async with BrinkClient(server_url, "Bo") as bo:
        room = await bo.create_room("intro", timers=False)
        joined = await bo.join(room.code, "beijing")
        seat = ("--room", room.code, "--seat", "washington", "--name", "Ada")
        live = Screen(await brink("play", "--url", server_url, *seat, stdin=subprocess.PIPE))
        await live.wait("▶ your move")
        mark = len(live.lines)
        async with BrinkClient(server_url, "Bo") as tab:  # Bo's second tab
            await tab.resume(room.code, joined.token or "", since=joined.n)
            await bo.close()  # the first one closes: Bo is still there, in the other
            async with BrinkClient(server_url, "Bo") as third:
                await third.resume(room.code, joined.token or "", since=joined.n)
        away = await live.wait("Bo (Beijing): away", mark)
        assert "back" not in live.text(mark).split("Bo (Beijing): away")[0], live.text(mark)
        async with BrinkClient(server_url, "Bo") as again:
            await again.resume(room.code, joined.token or "", since=joined.n)
            back = await live.wait("Bo (Beijing): back", away)
        # Back with the whole log (`brink play --token` asks from 0): the server says `joined`,
        # as of a seat new to the game; the terminal, which saw Bo go, says back.
        gone = await live.wait("Bo (Beijing): away", back + 1)
        async with BrinkClient(server_url, "Bo") as whole:
            await whole.resume(room.code, joined.token or "", since=0)
            await live.wait("Bo (Beijing): back", gone + 1)
        assert "joined" not in live.text(mark), live.text(mark)
        assert await live.quit() == 0
