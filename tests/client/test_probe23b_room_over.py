"""`brink play --room CODE` and `brink bot --room CODE` for a room whose game has ended: one line
saying the game is over and where to see it (it said "seat_taken: both sides are taken (or
played by server bots); a team role may be free: --seat SIDE:ROLE", sending the student after a
role that does not exist in a two-seat game)."""

from __future__ import annotations

import asyncio

import pytest
from clientkit import brink

from client.connection import BrinkClient
from server.engine.commands import Call, Check, Fold, PassTalks


async def _finished(url: str) -> str:
    async with BrinkClient(url, "Zed") as client:
        await client.play_bot(bot="hawk", side="washington")
        while not client.finished:
            options = client.my_options
            if options is None:
                await client.next_update(timeout=60)
                continue
            moves = (Fold(), Check(), PassTalks(), Call())
            await client.act(next(m for m in moves if options.actions[m.type] is None))
        assert client.code is not None
        return client.code


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("play", "--lang", "zh"), "brink play: 房間 {code} 的對局已經結束：看結局請用 brink play"),
        (("play",), "brink play: the game in room {code} is over: see how it ended with brink"),
        (("bot", "--strategy", "dove"), "brink bot: the server refused: game_over: the game in"),
    ],
)
async def test_a_room_whose_game_is_over_says_so(
    server_url: str, args: tuple[str, ...], said: str
) -> None:
    code = await _finished(server_url)
    process = await brink(args[0], "--url", server_url, "--room", code, *args[1:])
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1, (out, err)
    lines = err.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(said.format(code=code)), lines
    assert f"/?game={code}" in lines[0]
    # The replay's address opens only with the room's key (or a seat's token, which a terminal
    # player's browser does not hold) or once public: said so, not offered as if it opened.
    assert "instructor key" in lines[0] or "老師金鑰" in lines[0], lines
