"""A rematch's seats are its players' — until one of them gives a seat up (`leave`): then the
seat is free like any room's, and whoever joins takes it (the player who left, coming back by
the room's link, or someone else). It stayed locked (`rematch_seat`) for everyone, the player
who left included, and the game waited for a seat nobody could take."""

from __future__ import annotations

from pathlib import Path

import pytest
from rematchkit import play_to_the_end
from serverkit import start_server

from client.connection import BrinkClient, ServerError
from server.web.appkeys import HUB


async def test_a_rematch_seat_given_up_may_be_taken_again(server_url: str) -> None:
    async with BrinkClient(server_url, "Li") as li, BrinkClient(server_url, "Mo") as mo:
        await li.play_bot(side="beijing", bot="hawk")
        await play_to_the_end(li)
        await li.rematch()
        joined = await li.join_rematch()
        with pytest.raises(ServerError) as refused:  # a seat still its player's
            await mo.join(joined.code, "beijing")
        assert refused.value.code == "rematch_seat"
        await li.leave()
        again = await mo.join(joined.code, "beijing")
        assert again.seat == "beijing" and again.seats["washington"] == "bot:hawk"


async def test_a_copy_that_does_not_know_of_the_leave_reads_the_log(
    redis_url: str, tmp_path: Path
) -> None:
    # A process that read the room from a snapshot taken after the leave has not seen its
    # `seat_left` (a snapshot is taken every 50 entries): it looks in the log before refusing.
    runner, url = await start_server(redis_url, tmp_path)
    try:
        async with BrinkClient(url, "Li") as li, BrinkClient(url, "Mo") as mo:
            await li.play_bot(side="beijing", bot="hawk")
            await play_to_the_end(li)
            await li.rematch()
            joined = await li.join_rematch()
            await li.leave()
            room = runner.app[HUB].rooms[joined.code]
            room.given_up.clear()  # as a copy read from a later snapshot knows it
            again = await mo.join(joined.code, "beijing")
            assert again.seat == "beijing"
    finally:
        await runner.cleanup()
